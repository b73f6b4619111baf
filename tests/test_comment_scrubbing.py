"""Comment scrubbing on the way in: contact details go, ordinary text stays word for word."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from carenet_dash.importers import personal
from carenet_dash.importers.personal import is_nhs_number, redact, scrub

PHONE = "[phone number removed]"
NHS = "[NHS number removed]"
IP = "[IP address removed]"
EMAIL = "[e-mail removed]"
POSTCODE = "[postcode removed]"

REMOVED = [
    # UK numbers as people write them (Ofcom's drama ranges)
    ("07700 900789", PHONE),
    ("07700900789", PHONE),
    ("07700 900 789", PHONE),
    ("07700-900789", PHONE),
    ("(020) 7946 0321", PHONE),
    ("020 7946 0321", PHONE),
    ("0113 496 0000", PHONE),
    ("0113 4960000", PHONE),
    ("(0113) 496 0000", PHONE),
    ("01632 960123", PHONE),
    ("(01632) 960123", PHONE),
    ("0800 123 4567", PHONE),
    ("0808 157 0192", PHONE),
    ("016977 3456", PHONE),
    ("+44 7700 900789", PHONE),
    ("+447700900789", PHONE),
    ("+44 (0)20 7946 0321", PHONE),
    ("+44 20 7946 0321", PHONE),
    ("+44 113 496 0000", PHONE),
    ("0044 20 7946 0321", PHONE),
    # other countries
    ("+1 (555) 010-0199", PHONE),
    ("+1 555 010 0199", PHONE),
    ("+33 1 23 45 67 89", PHONE),
    ("+353 1 234 5678", PHONE),
    ("+91 98765 43210", PHONE),
    ("+49 30 1234567", PHONE),
    ("+61 2 5550 1234", PHONE),
    # NHS numbers with a valid check digit (943 476 5919 is the NHS's own example)
    ("943 476 5919", NHS),
    ("943-476-5919", NHS),
    ("9434765919", NHS),
    ("401 023 2137", NHS),
    # IP addresses
    ("192.0.2.33", IP),
    ("203.0.113.255", IP),
    ("2001:db8::1", IP),
    ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", IP),
    ("2001:DB8:0:0:8:800:200C:417A", IP),
    ("fe80::1%eth0", IP),
    ("fe80::a00:27ff:fe4e:66a1%en0", IP),
    ("::ffff:192.0.2.1", IP),
    ("::1", IP),
    ("2001:db8::", IP),
    # e-mail
    ("jo@example.org", EMAIL),
    ("first.last+tag@nhs.example.net", EMAIL),
    # postcodes, every outward shape
    ("SW1A 1AA", POSTCODE),
    ("M1 1AE", POSTCODE),
    ("B33 8TH", POSTCODE),
    ("CR2 6XH", POSTCODE),
    ("DN55 1PT", POSTCODE),
    ("EC1A 1BB", POSTCODE),
    ("W1A 0AX", POSTCODE),
    ("W1A0AX", POSTCODE),
    ("sw1a 1aa", POSTCODE),
    ("GIR 0AA", POSTCODE),
]

KEPT = [
    "2026-09-30",
    "30/09/2026",
    "07.09.2026",
    "20 Sep 2026",
    "in 2026",
    "2025 2026 2027",
    "Q3",
    "Q3 2026",
    "45%",
    "12.5%",
    "£1,200",
    "£12,000,000",
    "$5,000",
    "09:30",
    "10:00-12:00",
    "10:30:45",
    "3:1",
    "John 3:16",
    "1 in 10",
    "0-10 scale",
    "scores 4,5,5,4",
    "ISO 9001",
    "version 2.3",
    "1.2.3",
    "256.1.1.1",
    "3.14159",
    "0.5",
    "1,234,567",
    "Ref 12345678",
    "room 101",
    "call 111 or 999",
    "943 476 5918",  # check digit wrong: not an NHS number
    "123-456-7890",  # check digit impossible (10)
    "A4 3rd",
    "M1 1st",
    "the A1 road",
    "the M25",
    "COVID-19",
    "B2B",
    "face::bad",
    "Note: see below",
    "top 5",
    "2 of 3",
]


@pytest.mark.parametrize(("text", "marker"), REMOVED)
def test_contact_details_are_replaced_by_a_marker_naming_them(text, marker):
    assert (
        scrub(f"Please contact me on {text}, thanks.") == f"Please contact me on {marker}, thanks."
    )
    assert scrub(text) == marker


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_and_words_are_left_alone(text):
    sentence = f"We discussed {text} at the meeting."
    assert scrub(sentence) == sentence


def test_several_details_in_one_comment_all_go():
    text = (
        "Ring 07700 900789 or e-mail jo@example.org; I live at CR2 6XH, NHS no 943 476 5919, "
        "my laptop was 2001:db8::1 and 192.0.2.1. Meeting on 2026-09-30 at 09:30 (3:1 vote)."
    )
    assert scrub(text) == (
        f"Ring {PHONE} or e-mail {EMAIL}; I live at {POSTCODE}, NHS no {NHS}, "
        f"my laptop was {IP} and {IP}. Meeting on 2026-09-30 at 09:30 (3:1 vote)."
    )


def test_redact_counts_the_comments_changed():
    texts = pd.Series(["Call 07700 900789", "All fine", "jo@example.org or 0113 496 0000"])
    cleaned, changed = redact(texts)
    assert cleaned.tolist() == [f"Call {PHONE}", "All fine", f"{EMAIL} or {PHONE}"]
    assert changed == 2


def nhs_check_digit(nine: str) -> int:
    """The modulus-11 check digit as the NHS publishes it (10 = no valid number)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    return {11: 0}.get(11 - total % 11, 11 - total % 11)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from(["", " ", "-"]))
@example("000000000", " ")
@example("001000000", " ")
@example("004400000", " ")
@example("943476591", "")
def test_a_ten_digit_run_goes_exactly_when_its_nhs_check_digit_holds(nine, sep):
    check = nhs_check_digit(nine)
    for last in range(10):
        number = f"{nine[:3]}{sep}{nine[3:6]}{sep}{nine[6:]}{last}"
        valid = check == last
        assert is_nhs_number(nine + str(last)) is valid
        out = scrub(f"Number {number} here")
        # Ten digits from 0 dial as a UK number, and from 00 and a country code (which never
        # starts with 0) as an international one.
        international = nine.startswith("00") and nine[2] != "0"
        if international or (nine.startswith("0") and not sep):
            assert out == f"Number {PHONE} here"
        else:
            assert out == (f"Number {NHS} here" if valid else f"Number {number} here")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**128 - 1), st.booleans())
def test_every_ipv6_address_goes(value, exploded):
    address = ipaddress.IPv6Address(value)
    text = address.exploded if exploded else address.compressed
    if not any(c.isdigit() for c in text):
        return  # e.g. "fe::ab": without a digit it reads as prose; see the next test
    assert scrub(f"My address is {text}.") == f"My address is {IP}."


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_every_ipv4_address_goes(value):
    assert scrub(f"From {ipaddress.IPv4Address(value)} today") == f"From {IP} today"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(["{a}{b}", "{a} {b}", "{a} {b1} {b2}", "+44 {a1} {b}", "+44{a1}{b}"]),
)
def test_every_uk_mobile_number_goes(digits, shape):
    a, b = "07" + digits[:3], digits[3:]
    text = shape.format(a=a, a1=a[1:], b=b, b1=b[:3], b2=b[3:])
    assert scrub(f"Text me on {text} please") == f"Text me on {PHONE} please"


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 12, 31)),
    st.integers(0, 99_999),
    st.integers(0, 100),
)
def test_times_dates_amounts_and_shares_survive(when, amount, share):
    sentence = (
        f"At {when:%H:%M} ({when:%H:%M:%S}) on {when:%Y-%m-%d} ({when.day}/{when.month}/"
        f"{when.year}, {when:%d.%m.%Y}) we agreed £{amount:,} for {share}% of {when.year} "
        f"and a {share}:1 split."
    )
    assert scrub(sentence) == sentence


PROSE = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Nd", "Cs", "Cc"),
        exclude_characters="@",
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_text_without_digits_or_at_signs_is_never_changed(text):
    assert scrub(text) == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "network",
                "A",
                "Dee",
                "face",
                "bad",
                "::",
                ":",
                ".",
                ",",
                "-",
                "(",
                ")",
                "%",
                "+",
                "SW",
                "M",
                "B",
                "AA",
                "TH",
                " ",
            ]
        ),
        max_size=40,
    )
)
def test_sentences_of_hex_looking_words_and_punctuation_are_never_changed(words):
    text = " ".join(words)
    assert scrub(text) == text


def test_a_column_of_times_is_not_taken_for_addresses():
    times = pd.Series(["10:30:45", "11:00:00", "09:15:30"] * 5)
    assert not personal._mostly_addresses(times)
    addresses = pd.Series(["2001:db8::1", "fe80::1%eth0", "192.0.2.1"] * 5)
    assert personal._mostly_addresses(addresses)
