"""Plain column names for the tables people read, and the statistics each stands for (the
help text a table's column header shows)."""

from __future__ import annotations

RESPONSES = "Responses"
SPREAD = "Spread"
CHANGE = "Change"
LIKELY_RANGE = "Likely range of the change"
RESPONSES_BEFORE = "Responses last round"
SINCE_PREVIOUS = "Change since the previous round"
LARGEST = "Largest clear change since an earlier round"

HELP = {
    RESPONSES: "Members counted (for a dimension: each answered at least half of its statements).",
    SPREAD: "The standard deviation of members' scores: how far apart members' views are.",
    CHANGE: "The mean now minus the mean in the other round.",
    LIKELY_RANGE: "The 95% confidence interval of the change (Welch): with this many "
    "responses, the true change most likely lies in this range. A change is clear only when "
    "the range leaves out zero; otherwise it is within noise.",
    RESPONSES_BEFORE: "Members counted in the previous round.",
    SINCE_PREVIOUS: "The dimension's mean now minus its mean in the previous round.",
    LARGEST: "Of every earlier round, the one this dimension has changed most clearly since "
    "(the likely range leaves out zero), with the change and the responses on both sides.",
}
