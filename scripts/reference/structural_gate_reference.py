"""Reference values for StructuralSearchTests.gateEvidenceMatchesStatsmodels.

The history is scenario (b) of StructuralSearchTests (a webinar that counts only for fit leads),
seed 1, written deal by deal with `Truth.history(seed: 1)` to a CSV file given as the argument.
Prints the interaction's likelihood-ratio chi-square and p-value (statsmodels Logit, maximum
likelihood) and the 2025-Q4 log loss per deal of the card before and after gating webinar on
fit_a, each refitted on 2025-Q1..Q3.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

d = pd.read_csv(sys.argv[1])
y = (d.outcome == "won").astype(float)
X = d[["fit_a", "fit_b", "webinar", "pricing"]].astype(float)
m0 = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
X1 = X.copy()
X1["webinar_with_fit_a"] = X.webinar * X.fit_a
m1 = sm.Logit(y, sm.add_constant(X1)).fit(disp=0)
lr = 2 * (m1.llf - m0.llf)
q4 = pd.to_datetime(d.closed_at).dt.month >= 10


def held_out(X):
    m = sm.Logit(y[~q4], sm.add_constant(X[~q4])).fit(disp=0)
    p = m.predict(sm.add_constant(X[q4]))
    return float(-(y[q4] * np.log(p) + (1 - y[q4]) * np.log(1 - p)).mean())


gated = X.copy()
gated["webinar"] = X.webinar * X.fit_a
print(repr(lr), repr(stats.chi2.sf(lr, 1)), repr(held_out(X)), repr(held_out(gated)))
