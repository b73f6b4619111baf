"""The attacker, end to end: small networks made up at random are imported through the real
store, then every figure the pages' library functions, the charts' data, the command line's
CSV and the exports publish is collected and attacked (see tests/attack.py): each must equal an
independent computation, and no sum or difference of them may describe 1..k-1 people."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests import attack
from tests.attack import DIMENSIONS, NA, SCALE_VALUES, SEGMENTS, Person

ATTACK = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_networks = itertools.count(1)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from carenet_dash.store.opening import dispose_engines, get_engine

    path = tmp_path_factory.mktemp("attack") / "store.db"
    yield get_engine(f"sqlite:///{path}")
    dispose_engines()


def _answers(rng: np.random.Generator, plan: dict) -> dict[str, int | str]:
    """One person's answers: whole dimensions skipped, "Don't know", blanks, and values drawn
    from a few per item (as real answers bunch), so that small cells are common."""
    answers: dict[str, int | str] = {}
    for items in DIMENSIONS.values():
        if rng.random() < plan["skip"]:
            continue
        for item in items:
            draw = rng.random()
            if draw < plan["na"]:
                answers[item] = NA
            elif draw >= plan["na"] + plan["blank"]:
                answers[item] = int(rng.choice(plan["palette"][item]))
    if not any(v != NA for v in answers.values()):
        answers["a1"] = int(plan["palette"]["a1"][0])  # a respondent answers something
    return answers


def _person(rng: np.random.Generator, pid: int, member: str | None, plan: dict) -> Person:
    years = plan["years"]
    # Segments often go together (patients new, trusts long-standing): then one segment's
    # groups nest in another's, a few apart.
    tied = plan["tied"].get(member)
    chosen = tied if tied and rng.random() < 0.85 else years[int(rng.integers(len(years)))]
    return Person(
        pid=pid, groups={"member_type": member, "years": chosen}, answers=_answers(rng, plan)
    )


@st.composite
def networks(draw) -> dict:
    """A network of two or three rounds of the same people, give or take a few."""
    k = draw(st.integers(3, 6))
    sizes = draw(st.lists(st.integers(0, 10), min_size=3, max_size=3))
    not_stated = draw(st.integers(0, 3))
    assume(sum(sizes) + not_stated >= 1)
    plan = {
        "skip": draw(st.sampled_from([0.0, 0.15, 0.4])),
        "na": draw(st.sampled_from([0.0, 0.1, 0.3])),
        "blank": draw(st.sampled_from([0.0, 0.1])),
        # Each person's years: drawn from a list where some values repeat (bunched groups).
        "years": draw(
            st.lists(st.sampled_from(["New", "Some", "Long", None]), min_size=1, max_size=6)
        ),
    }
    plan["tied"] = draw(
        st.dictionaries(
            st.sampled_from(["X", "Y", "Z"]), st.sampled_from(["New", "Some", "Long"]), max_size=3
        )
    )
    width = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    plan["palette"] = {
        item: rng.choice(SCALE_VALUES[d], size=min(width, len(SCALE_VALUES[d])), replace=False)
        for d, items in DIMENSIONS.items()
        for item in items
    }
    members = [m for m, size in zip(["X", "Y", "Z"], sizes, strict=True) for _ in range(size)]
    members += [None] * not_stated
    people = [_person(rng, pid, m, plan) for pid, m in enumerate(members)]
    for person in people:
        for question, chance in (("comments", 0.5), ("b_comments", 0.3)):
            if rng.random() < chance:
                person.comments[question] = f"remark {person.pid} {question} round 1"
    rounds = [people]
    for number in range(2, draw(st.integers(2, 3)) + 1):
        leave, join = draw(st.integers(0, 3)), draw(st.integers(0, 3))
        kept = [p for p in rounds[-1] if rng.random() >= leave / max(1, len(rounds[-1]))]
        start = max(p.pid for r in rounds for p in r) + 1
        joined = [
            _person(rng, start + i, ["X", "Y", "Z", None][int(rng.integers(4))], plan)
            for i in range(join)
        ]
        following = []
        for person in kept:
            answers = _answers(rng, plan) if rng.random() < 0.5 else dict(person.answers)
            following.append(Person(person.pid, dict(person.groups), answers))
        following += joined
        if not following:
            following = [_person(rng, start + join, "X", plan)]
        for person in following:
            if rng.random() < 0.5:
                person.comments["comments"] = f"remark {person.pid} comments round {number}"
        rounds.append(following)
    comment_k = draw(st.sampled_from([None, None, k + 2]))
    return {"k": k, "comment_k": comment_k, "rounds": rounds}


def attack_network(engine, case: dict, *, exports: bool) -> None:
    stored = attack.store(
        engine, f"Attacked {next(_networks)}", case["rounds"], case["k"], case["comment_k"]
    )
    haul = attack.Haul()
    attack.collect(engine, stored, haul, exports=exports)
    assert haul.facts
    attack.check(haul, attack.Truth(stored), stored.k, stored.comment_k)


# Each example imports a network and reads every surface: slow on a busy machine, so these
# two get more than the suite's per-test timeout (a correctness test, not a timing one).
@pytest.mark.timeout(1200)
@ATTACK
@given(networks())
def test_no_published_figure_about_people_can_be_worked_down_to_fewer_than_k(engine, case):
    attack_network(engine, case, exports=False)


@pytest.mark.timeout(1200)
@settings(ATTACK, max_examples=3)
@given(networks())
def test_the_exports_publish_nothing_more_than_the_pages(engine, case):
    attack_network(engine, case, exports=True)


def test_the_attacker_finds_what_the_old_rules_let_through():
    # The attacker itself, on the case 1: involvement 2 + 2 + 26 with only the two
    # small groups hidden. The network (30) minus the 26 is the 4 people: found.
    everyone = frozenset((p, "a") for p in range(30))
    long_timers = frozenset((p, "a") for p in range(4, 30))
    found = attack.derivable_small_set([everyone, long_timers], 5)
    assert found == frozenset((p, "a") for p in range(4))
    # A group of one segment inside a group of another, 2 apart: found.
    x = frozenset((p, "a") for p in range(10))
    a = frozenset((p, "a") for p in range(8))
    assert attack.derivable_small_set([everyone, x, a], 5) == frozenset([(8, "a"), (9, "a")])
    # Parts that leave 5 or more together: nothing.
    assert (
        attack.derivable_small_set([everyone, frozenset((p, "a") for p in range(5, 30))], 5) is None
    )
    assert SEGMENTS  # the attacked instrument has two segments
