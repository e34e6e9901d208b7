#!/usr/bin/env python3
"""Reference fit for the UCI Bank Marketing history (datasets/uci-bank-marketing).

Builds, with pandas, the design that the card Tests/ScorecardKitTests/References/bank-card-ml.json
implies on bank-additional-full.csv (';'-delimited, outcome y, 'unknown' and pdays 999 read as
missing), fits statsmodels Logit by Newton, and writes
Tests/ScorecardKitTests/References/bank-logit.json. The card is the starting card of
datasets/uci-bank-marketing without `credit_default`, which fires for 3 lost deals only, so that
maximum likelihood exists.

Run from the repository root: python3 scripts/reference/bank_reference.py
Needs numpy, pandas, statsmodels (development tools; the Swift tests only read the JSON).
"""
import datetime
import json

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

df = pd.read_csv("datasets/uci-bank-marketing/bank-additional-full.csv", sep=";")
lower = lambda s: s.astype(str).str.strip().str.lower()
X = pd.DataFrame({
    "previous_success": (lower(df.poutcome) == "success").astype(float),
    "contacted_before": (df.pdays != 999).astype(float),
    "student_or_retired": lower(df.job).isin(["student", "retired"]).astype(float),
    "has_housing_loan": (lower(df.housing) == "yes").astype(float),
    "mobile_contact": (lower(df.contact) == "cellular").astype(float),
    "good_month": lower(df.month).isin(["mar", "sep", "oct", "dec"]).astype(float),
    "long_call": (df.duration >= 300).astype(float),
    "many_calls": (df.campaign >= 5).astype(float),
})
y = (lower(df.y) == "yes").astype(float)
res = sm.Logit(y, sm.add_constant(X, prepend=True)).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
out = {
    "kind": "logit-ml",
    "dataset": "datasets/uci-bank-marketing/bank-additional-full.csv",
    "card": "bank-card-ml.json",
    "nObs": int(len(y)),
    "nWon": int(y.sum()),
    "terms": ["intercept"] + list(X.columns),
    "estimate": [float(v) for v in res.params],
    "stdError": [float(v) for v in res.bse],
    "logLikelihood": float(res.llf),
    "nullLogLikelihood": float(res.llnull),
    "converged": bool(res.mle_retvals["converged"]),
    "provenance": {
        "producedBy": "scripts/reference/bank_reference.py",
        "call": "statsmodels.api.Logit(y, add_constant(X)).fit(method='newton', tol=1e-12, maxiter=100)",
        "versions": {"statsmodels": statsmodels.__version__, "pandas": pd.__version__, "numpy": np.__version__},
        "generated": datetime.date.today().isoformat(),
        "notes": "design built in pandas from the card's rules: equals/in compare lower-cased trimmed text; pdays 999 = never contacted = missing; housing 'unknown' is not 'yes'",
    },
}
with open("Tests/ScorecardKitTests/References/bank-logit.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: out[k] for k in ("nObs", "nWon", "converged")}))
