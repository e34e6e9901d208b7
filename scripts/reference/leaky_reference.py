"""Reference fit for the decisions test: the bundled b2b history, the bundled card plus a rule on
`onboarding_call_booked` (a signal recorded after the close), fitted by statsmodels with the
dropped rules left out.

usage: python3 scripts/reference/leaky_reference.py DROPPED_ID [DROPPED_ID ...]
writes Tests/ScorecardKitTests/References/b2b-without-leaky.json

The design columns are computed here from the CSV text with the card's rules written out by hand
(independent of ScorecardKit's encoder): indicators for `when` rules, min(opens, 5) for the capped
`each` rule (3 points per open, at most 15 points = 5 opens)."""
import csv, json, os, sys
import numpy as np
import statsmodels.api as sm

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
rules = {
    "industry_fit": lambda r: r["industry"] in ("software", "manufacturing"),
    "decision_maker": lambda r: r["is_decision_maker"] == "true",
    "clear_use_case": lambda r: r["use_case"] == "clear",
    "pricing_page": lambda r: float(r["pricing_page_visits"]) >= 1,
    "demo_request": lambda r: r["demo_requested"] == "true",
    "purchase_inquiry": lambda r: r["purchase_inquiry"] == "true",
    "buying_questions": lambda r: r["replied_buying_questions"] == "true",
    "email_opens": lambda r: min(float(r["email_opens"]), 5.0),
    "unsubscribed": lambda r: r["unsubscribed"] == "true",
    "intern": lambda r: r["job_level"] == "intern",
    "ai_hot": lambda r: float(r["ai_score"]) >= 70,
    "partner_referral": lambda r: r["partner_referral"] == "true",
    "onboarding_call": lambda r: r["onboarding_call_booked"] == "true",
}
dropped = set(sys.argv[1:])
kept = [k for k in rules if k not in dropped]
X, y = [], []
with open(os.path.join(root, "datasets", "b2b-saas", "deals.csv"), newline="") as f:
    for r in csv.DictReader(f):
        if r["outcome"] not in ("won", "lost"):
            continue
        X.append([float(rules[k](r)) for k in kept])
        y.append(1.0 if r["outcome"] == "won" else 0.0)
X = np.array(X)
# A rule that never fires (or always does) has no estimate; every fit leaves it out.
constant = [k for j, k in enumerate(kept) if X[:, j].min() == X[:, j].max()]
X = X[:, [j for j, k in enumerate(kept) if k not in constant]]
kept = [k for k in kept if k not in constant]
X = sm.add_constant(X)
fit = sm.Logit(np.array(y), X).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
out = {
    "source": "statsmodels Logit (Newton, tol 1e-12) on datasets/b2b-saas/deals.csv, columns computed from the CSV text by scripts/reference/leaky_reference.py",
    "dropped": sorted(dropped),
    "constant": constant,
    "intercept": float(fit.params[0]),
    "rules": [{"id": k, "coefficient": float(b), "stdError": float(se)} for k, b, se in zip(kept, fit.params[1:], fit.bse[1:])],
    "logLikelihood": float(fit.llf),
}
with open(os.path.join(root, "Tests", "ScorecardKitTests", "References", "b2b-without-leaky.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
