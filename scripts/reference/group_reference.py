#!/usr/bin/env python3
"""Reference fit for a card with a rule for every level of one category (issue 25).

The history is the one Tests/ScorecardKitTests/Scaling/GroupHistory.swift builds: 8,000 leads of
six lead sources with the won/lost counts below (those of the issue's generator, gen.py seed 1:
5% won). A rule per level sums to the intercept column, so the card is fitted with one level as
the reference; ScorecardKit takes the most common level, paid_search. This script fits
statsmodels Logit (Newton) with a constant and an indicator for every other level, i.e. with
paid_search as the reference, and writes
Tests/ScorecardKitTests/References/group-reference-level.json.

Run from the repository root: python3 scripts/reference/group_reference.py
Needs numpy and statsmodels (development tools; the Swift tests only read the JSON).
"""
import json

import numpy as np
import statsmodels
import statsmodels.api as sm

# level: (won, lost), in the card's rule order
COUNTS = {
    "webinar": (129, 1443),
    "paid_search": (58, 2389),
    "referral": (112, 574),
    "cold_list": (17, 1685),
    "event": (43, 713),
    "organic": (39, 798),
}
RULES = {"webinar": "src_webinar", "paid_search": "src_paid", "referral": "src_referral",
         "cold_list": "src_cold", "event": "src_event", "organic": "src_organic"}
REFERENCE = "paid_search"

levels, y = [], []
for level, (won, lost) in COUNTS.items():
    levels += [level] * (won + lost)
    y += [1] * won + [0] * lost
others = [lv for lv in COUNTS if lv != REFERENCE]
X = np.column_stack([np.ones(len(y))] + [[1.0 if lv == o else 0.0 for lv in levels] for o in others])
result = sm.Logit(np.array(y, dtype=float), X).fit(method="newton", tol=1e-10, maxiter=100, disp=False)
assert result.mle_retvals["converged"]
ci = result.conf_int(0.05)
terms = ["intercept"] + [RULES[o] for o in others]
out = {
    "provenance": f"statsmodels {statsmodels.__version__} Logit(y, [1, indicators of every level but {REFERENCE}]).fit(method='newton', tol=1e-10, converged); numpy {np.__version__}; scripts/reference/group_reference.py",
    "reference": RULES[REFERENCE],
    "terms": terms,
    "estimate": list(map(float, result.params)),
    "stdError": list(map(float, result.bse)),
    "confIntLower": list(map(float, ci[:, 0])),
    "confIntUpper": list(map(float, ci[:, 1])),
    "logLikelihood": float(result.llf),
    "nullLogLikelihood": float(result.llnull),
}
with open("Tests/ScorecardKitTests/References/group-reference-level.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out, indent=1))
