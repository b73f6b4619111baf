"""Words in comments: which dimensions a comment's words name (by the instrument's keywords),
and the words and phrases a set of comments uses most."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping

# Endings a keyword may take and still be the same word: "lead" finds leads, leader, leaders,
# leading and leadership; "fund" finds funds, funded and funding, but never "fundamental".
_ENDINGS = r"(?:s|es|d|ed|er|ers|ing|ings|ship|ships|ership|erships)?"
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
# Words too common to say anything about a network on their own.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can can't could did didn't do does doesn't doing
    don't down during each even ever every few for from further get gets getting got had has
    have having he her here hers him his how i i'm i've if in into is isn't it it's its itself
    just like lot lots made make makes many may me might more most much must my myself no nor
    not now of off often on once one only or other others our ours ourselves out over own
    quite rather really same see seem seems she should so some still such than that that's the
    their theirs them themselves then there there's these they they're thing things think this
    those though through to too under until up us very was we we're well were what when where
    which while who whom why will with would yet you your yours network networks""".split()  # noqa: SIM905
)


def keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern finding any of ``keywords`` as whole words (with the
    usual endings), or None when there are none. A keyword of several words matches them
    with any spacing between."""
    parts = []
    for keyword in sorted({k.strip().casefold() for k in keywords if k.strip()}, key=len)[::-1]:
        words = [re.escape(w) for w in keyword.split()]
        parts.append(r"\s+".join(words))
    if not parts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")" + _ENDINGS + r"(?![\w-])", re.I)


def patterns(keywords: Mapping[str, Iterable[str]]) -> dict[str, re.Pattern[str]]:
    """Dimension id -> its keyword pattern, for dimensions that have keywords."""
    found = {d: keyword_pattern(words) for d, words in keywords.items()}
    return {d: p for d, p in found.items() if p is not None}


def named_dimensions(text: str, found: Mapping[str, re.Pattern[str]]) -> tuple[str, ...]:
    """The dimensions (in the order given) whose keywords ``text`` uses."""
    return tuple(d for d, pattern in found.items() if pattern.search(text))


def _terms(text: str) -> set[str]:
    """The words and two-word phrases of one comment (each counted once per comment):
    words of three letters or more that are not stopwords, and pairs of neighbouring words
    neither of which is a stopword."""
    words = [w.replace("’", "'").strip("'-") for w in _WORD.findall(text.casefold())]
    terms = {w for w in words if len(w) >= 3 and w not in STOPWORDS}
    for first, second in itertools.pairwise(words):
        if first not in STOPWORDS and second not in STOPWORDS and min(len(first), len(second)) > 1:
            terms.add(f"{first} {second}")
    return terms


def frequent_terms(texts: Iterable[str], top: int = 6, at_least: int = 2) -> list[tuple[str, int]]:
    """The words and phrases most comments use, each with how many comments use it: only
    those in ``at_least`` comments, phrases before the words inside them when as frequent,
    then by count, then alphabetically."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_terms(str(text)))
    found = [(term, n) for term, n in counts.items() if n >= at_least]
    found.sort(key=lambda item: (-item[1], -len(item[0].split()), item[0]))
    chosen: list[tuple[str, int]] = []
    for term, n in found:
        # A word adds nothing beside a phrase holding it that is used as often.
        if any(term in phrase.split() and n == m for phrase, m in chosen if " " in phrase):
            continue
        chosen.append((term, n))
        if len(chosen) == top:
            break
    return chosen
