"""Sign-in forms. The rules live in carenet_dash.access; these only draw the forms."""

from __future__ import annotations

import streamlit as st

from carenet_dash import access

ROLE_KEY = "access_role"


def access_policy() -> access.Policy:
    try:
        secrets = st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        secrets = {}
    return access.policy(secrets)


def current_role(rules: access.Policy) -> str | None:
    if rules.oidc:
        if not st.user.is_logged_in:
            return None
        return rules.oidc_role(st.user.get("email"))
    return st.session_state.get(ROLE_KEY)


def _password_form(wanted: str, prompt: str, key: str) -> None:
    rules = access_policy()
    with st.form(key=key, clear_on_submit=True):
        given = st.text_input(prompt, type="password", key=f"{key}_password")
        if st.form_submit_button("Sign in"):
            # Wrong passwords are counted per browser session (an id kept on the server) and
            # per address, so nobody elsewhere can pause this person's sign-in.
            session = st.session_state.setdefault("_access_session", access.new_session_id())
            client = access.Client(session=session, address=st.context.ip_address or None)
            result = access.attempt(given or "", wanted, rules, client)
            if result.granted:
                st.session_state[ROLE_KEY] = result.granted
                st.rerun()
            st.error(result.message)


def viewing_allowed() -> bool:
    """True when this person may see the dashboard (always, unless viewing is protected)."""
    rules = access_policy()
    return access.can_view(rules, current_role(rules))


def sign_in_screen() -> None:
    """The whole screen for someone who may not view yet: a sign-in, and nothing else."""
    rules = access_policy()
    st.title("CareNet Dash")
    if rules.oidc:
        st.write("Sign in with your organisation's account to see the network's results.")
        if st.button("Sign in", type="primary"):
            st.login()
    else:
        st.write("This dashboard is protected. Enter the password the network lead gave you.")
        _password_form(access.VIEWER, "Password", key="viewer_sign_in")
        if rules.lead_password:
            with st.expander("Network lead? Sign in with the lead password"):
                _password_form(access.LEAD, "Lead password", key="lead_sign_in")


def lead_unlocked() -> bool:
    """True when this person may import, edit, delete or export."""
    rules = access_policy()
    return access.can_write(rules, current_role(rules))


def require_lead(action: str) -> bool:
    """True when writes are allowed; otherwise shows why and a lead sign-in, and returns False."""
    if lead_unlocked():
        return True
    rules = access_policy()
    st.info(f"Only the network lead can {action}.")
    if rules.oidc:
        st.caption("Your account is not on the list of leads for this dashboard.")
    else:
        _password_form(access.LEAD, "Lead password", key=f"lead_sign_in_{action}")
    return False
