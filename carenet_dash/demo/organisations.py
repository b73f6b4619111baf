"""The demo networks' member organisations and who works with whom, round by round.

Each network's map tells a story a workshop can see:

- Riverside: the Parent Carer Forum sits on the edge (it names the children's hospital, which
  does not name it back) until the 2026 Q2 workshop agrees to invite it to co-chair network
  meetings; by 2026 Q3 the hospital, community health, the council and a GP federation all
  work with it. Two organisations join along the way, and one tie lapses.
- Head and Neck: every link between the patient groups and the clinical teams runs through
  one charity, Head and Neck Peer Support. Patient groups join round by round, each tied to
  the others and to the charity only: were the charity to leave, the network would split.

Respondents are placed in organisations of their own member type, and name their
organisation's partners, with numbers drawn from a generator of their own, so the survey
answers (and the story they tell) are the same as without the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.demo.story import CANCER, CARER, CHILDREN, COUNCIL, NHS, OTHER, PRIMARY
from carenet_dash.demo.story import VOLUNTARY as VCS
from carenet_dash.responses import Responses

# The chance that a respondent names each partner of their organisation.
NAMES_PARTNER = 0.75
ORGANISATION_STREAM = 2  # the demo generator's third stream: [plan seed, round, 2]


@dataclass(frozen=True)
class Member:
    """A member organisation: its name, type (a member_type option) and first round."""

    name: str
    type: str
    joins: int = 0


@dataclass(frozen=True)
class Partnership:
    """Two organisations that work together from ``start`` to before ``end`` (round
    indexes); ``one_way``: only the first names the second."""

    first: str
    second: str
    start: int = 0
    end: int = 99
    one_way: bool = False


@dataclass(frozen=True)
class OrganisationPlan:
    members: tuple[Member, ...]
    partnerships: tuple[Partnership, ...]

    def active(self, round_index: int) -> list[Member]:
        return [m for m in self.members if m.joins <= round_index]

    def partners(self, round_index: int) -> dict[str, list[str]]:
        """Who each organisation names in a round."""
        found: dict[str, list[str]] = {m.name: [] for m in self.active(round_index)}
        for p in self.partnerships:
            if not p.start <= round_index < p.end:
                continue
            if p.first in found and p.second in found:
                found[p.first].append(p.second)
                if not p.one_way:
                    found[p.second].append(p.first)
        return found


HOSPITAL = "Riverside Children's Hospital"
COMMUNITY = "Riverside Community Health"
MENTAL = "Riverside Mental Health Trust"
NORTHSIDE = "Northside GP Federation"
SOUTHSIDE = "Southside Primary Care Network"
CHILDRENS = "Riverside Council Children's Services"
EDUCATION = "Riverside Council Education"
HOMESTART = "Home-Start Riverside"
YOUNG_CARERS = "Riverside Young Carers"
PLAYWORKS = "Playworks Riverside"
FORUM = "Riverside Parent Carer Forum"
SPORT = "Riverside Youth Sport"
COLLEGE = "Riverside College"

RIVERSIDE = OrganisationPlan(
    members=(
        Member(HOSPITAL, NHS),
        Member(COMMUNITY, NHS),
        Member(MENTAL, NHS),
        Member(NORTHSIDE, PRIMARY),
        Member(SOUTHSIDE, PRIMARY),
        Member(CHILDRENS, COUNCIL),
        Member(EDUCATION, COUNCIL),
        Member(HOMESTART, VCS),
        Member(YOUNG_CARERS, VCS),
        Member(PLAYWORKS, VCS, joins=1),
        Member(FORUM, CARER),
        Member(SPORT, OTHER),
        Member(COLLEGE, OTHER, joins=2),
    ),
    partnerships=(
        Partnership(HOSPITAL, COMMUNITY),
        Partnership(HOSPITAL, MENTAL),
        Partnership(COMMUNITY, MENTAL),
        Partnership(HOSPITAL, CHILDRENS),
        Partnership(COMMUNITY, CHILDRENS),
        Partnership(COMMUNITY, NORTHSIDE),
        Partnership(COMMUNITY, SOUTHSIDE),
        Partnership(NORTHSIDE, SOUTHSIDE),
        Partnership(CHILDRENS, EDUCATION),
        Partnership(MENTAL, CHILDRENS),
        Partnership(EDUCATION, SPORT),
        Partnership(HOMESTART, CHILDRENS),
        Partnership(YOUNG_CARERS, CHILDRENS),
        Partnership(YOUNG_CARERS, HOMESTART),
        Partnership(HOSPITAL, HOMESTART, end=2),  # lapses after 2026 Q1
        Partnership(SOUTHSIDE, HOSPITAL, start=1),
        Partnership(PLAYWORKS, EDUCATION, start=1),
        Partnership(PLAYWORKS, HOMESTART, start=1),
        Partnership(MENTAL, NORTHSIDE, start=2),
        Partnership(COLLEGE, EDUCATION, start=2),
        Partnership(COLLEGE, MENTAL, start=2),
        # The forum on the edge: a tie to Home-Start, and one the hospital does not return.
        Partnership(FORUM, HOMESTART),
        Partnership(FORUM, HOSPITAL, end=3, one_way=True),
        # After the 2026 Q2 workshop invited it to co-chair network meetings: drawn in.
        Partnership(FORUM, HOSPITAL, start=3),
        Partnership(FORUM, COMMUNITY, start=3),
        Partnership(FORUM, CHILDRENS, start=3),
        Partnership(FORUM, NORTHSIDE, start=3),
    ),
)

CENTRE = "Northern Head and Neck Cancer Centre"
MAXFAX = "Eastfield Hospital Maxillofacial Unit"
SPEECH = "Northshire Speech and Language Therapy"
DENTAL = "Northshire Dental Network"
SOCIAL = "Northshire Adult Social Care"
PEER = "Head and Neck Peer Support"
CHARITY = "Northshire Cancer Charity"
LARYNGECTOMY = "Laryngectomy Club North"
CARERS_CIRCLE = "Mouth Cancer Carers Circle"
VOICES = "Speak Easy Voice Group"
PANEL = "Throat Cancer Patient Panel"
HOSPICE = "Northshire Hospice"

HEAD_AND_NECK = OrganisationPlan(
    members=(
        Member(CENTRE, NHS),
        Member(MAXFAX, NHS),
        Member(SPEECH, NHS),
        Member(DENTAL, PRIMARY),
        Member(SOCIAL, COUNCIL),
        Member(PEER, VCS),
        Member(CHARITY, VCS),
        Member(LARYNGECTOMY, CARER),
        Member(CARERS_CIRCLE, CARER),
        Member(VOICES, CARER, joins=1),
        Member(PANEL, CARER, joins=2),
        Member(HOSPICE, OTHER),
    ),
    partnerships=(
        Partnership(CENTRE, MAXFAX),
        Partnership(CENTRE, SPEECH),
        Partnership(MAXFAX, SPEECH),
        Partnership(MAXFAX, DENTAL),
        Partnership(DENTAL, CENTRE),
        Partnership(CENTRE, SOCIAL),
        Partnership(CENTRE, HOSPICE),
        Partnership(SOCIAL, HOSPICE),
        Partnership(CHARITY, CENTRE),
        Partnership(CHARITY, HOSPICE),
        Partnership(CHARITY, SPEECH),
        Partnership(HOSPICE, MAXFAX),
        # The bridge: the peer support charity, and nobody else, links patients and clinicians.
        Partnership(PEER, CENTRE),
        Partnership(PEER, SPEECH),
        Partnership(PEER, LARYNGECTOMY),
        Partnership(PEER, CARERS_CIRCLE),
        Partnership(PEER, VOICES, start=1),
        Partnership(PEER, PANEL, start=2),
        Partnership(LARYNGECTOMY, CARERS_CIRCLE),
        Partnership(VOICES, LARYNGECTOMY, start=1),
        Partnership(PANEL, CARERS_CIRCLE, start=2),
        Partnership(PANEL, VOICES, start=3),
    ),
)

PLANS = {CHILDREN.key: RIVERSIDE, CANCER.key: HEAD_AND_NECK}


def with_connections(
    responses: Responses,
    plan: OrganisationPlan,
    round_index: int,
    rng: np.random.Generator,
    *,
    only_answering: bool = False,
) -> Responses:
    """The round's responses with each respondent's organisation and the partners they named.

    A respondent belongs to an organisation of their own member type (none when they did not
    say their type). ``only_answering``: name only organisations that have a respondent in
    this round (a sample export a new network can read without a list of organisations).
    """
    people = responses.respondents
    members = plan.active(round_index)
    organisation = []
    for kind in people["member_type"]:
        choices = [m.name for m in members if m.type == kind]
        organisation.append(str(rng.choice(choices)) if choices and isinstance(kind, str) else None)
    partners = plan.partners(round_index)
    answering = {o for o in organisation if o}
    rows, named = [], []
    for row, own in enumerate(organisation):
        if own is None:
            continue
        for other in partners[own]:
            if only_answering and other not in answering:
                continue
            if rng.random() < NAMES_PARTNER:
                rows.append(row)
                named.append(other)
    respondents = people.assign(organisation=pd.Series(organisation, dtype="object"))
    ties = pd.DataFrame(
        {"row": pd.Series(rows, dtype="int64"), "organisation": pd.Series(named, dtype="str")}
    )
    return Responses(respondents, responses.answers, responses.comments, ties)
