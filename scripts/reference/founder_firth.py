"""Firth reference for the 20-deal founder history (datasets/founder): writes
Tests/ScorecardKitTests/References/founder-firth.json.

The design is built here from the CSV with the csv module, independently of ScorecardKit:
industry in {software, manufacturing}; is_decision_maker true; demo_requested true;
pricing_page_visits >= 1; min(email_opens, 5) (each 1, 2 points, cap 10 -> 5 units); referral true.
Two independent fits: firthmodels 0.8.2 FirthLogisticRegression (numpy backend, gtol = xtol =
1e-10) and this script's own Fisher scoring on the modified score U*(b) = X'(y - p + h(1/2 - p))
(Firth 1993; logistf's iteration) run until max|U*| < 1e-13.
"""
import csv, importlib.metadata, json, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

rows = list(csv.DictReader(open(os.path.join(ROOT, "datasets/founder/deals.csv"), newline="")))
def truth(s): return s.strip().lower() == "true"
X, y = [], []
for r in rows:
    X.append([1.0,
              1.0 if r["industry"].strip().lower() in ("software", "manufacturing") else 0.0,
              1.0 if truth(r["is_decision_maker"]) else 0.0,
              1.0 if truth(r["demo_requested"]) else 0.0,
              1.0 if float(r["pricing_page_visits"]) >= 1 else 0.0,
              min(float(r["email_opens"]), 5.0),
              1.0 if truth(r["referral"]) else 0.0])
    y.append(1.0 if r["outcome"].strip().lower() == "closed won" else 0.0)
X, y = np.array(X), np.array(y)

def own_firth(X, y):
    b = np.zeros(X.shape[1])
    for it in range(1000):
        p = 1 / (1 + np.exp(-X @ b))
        w = p * (1 - p)
        info = X.T @ (w[:, None] * X)
        inv = np.linalg.inv(info)
        h = w * np.einsum("ij,jk,ik->i", X, inv, X)
        u = X.T @ (y - p + h * (0.5 - p))
        if np.max(np.abs(u)) < 1e-13:
            break
        b = b + np.linalg.solve(info, u)
    p = 1 / (1 + np.exp(-X @ b)); w = p * (1 - p)
    ll = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    pen = ll + 0.5 * float(np.linalg.slogdet(X.T @ (w[:, None] * X))[1])
    return b, it, float(np.max(np.abs(u))), ll, pen

b_own, iters, score, ll, pen = own_firth(X, y)
import firthmodels
from firthmodels import FirthLogisticRegression
m = FirthLogisticRegression(backend="numpy", max_iter=1000, gtol=1e-10, xtol=1e-10, max_halfstep=50).fit(X[:, 1:], y)
b_fm = np.concatenate([[m.intercept_], m.coef_])
doc = {
    "kind": "logit-firth",
    "dataset": "datasets/founder/deals.csv",
    "card": "datasets/founder/current-scorecard.json",
    "terms": ["intercept", "industry_fit", "decision_maker", "demo_request", "pricing_page", "email_opens", "referral"],
    "estimate": [float(v) for v in b_own],
    "logLikelihood": ll,
    "penalizedLogLikelihood": pen,
    "provenance": {
        "producedBy": "scripts/reference/founder_firth.py: own Fisher scoring on the modified score, cross-checked with firthmodels " + importlib.metadata.version("firthmodels"),
        "ownIterations": iters, "ownMaxAbsModifiedScore": score,
        "firthmodelsEstimate": [float(v) for v in b_fm],
        "firthmodelsCall": "FirthLogisticRegression(backend='numpy', max_iter=1000, gtol=1e-10, xtol=1e-10, max_halfstep=50).fit(X[:,1:], y)",
        "maxAbsDiffOwnVsFirthmodels": float(np.max(np.abs(b_fm - b_own))),
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
    },
}
out = os.path.join(ROOT, "Tests/ScorecardKitTests/References/founder-firth.json")
json.dump(doc, open(out, "w"), indent=2)
print(json.dumps(doc, indent=2))
