"""Reference fit for the decisions test: the bundled b2b history, the bundled card plus a rule on
`onboarding_call_booked` (a signal recorded after the close), fitted by statsmodels with the
dropped rules left out.

usage: python3 scripts/reference/leaky_reference.py
writes Tests/ScorecardKitTests/References/b2b-without-leaky.json

The rules left out are stated here from the history's planted truth
(datasets/b2b-saas/true-weights.json, `planted`), never read from the tool: `onboarding_call`
(recorded after closed_at), `email_opens` and `ai_hot` (fire about equally for won and lost
deals). Before fitting, the script checks that each meets the criterion DESIGN.md and the
decision stage document for its drop, computed here from the CSV: a leaky rule's `_at` date falls
after `closed_at` for at least half of the dated deals it fires for; a false-positive-prone one is
a behavior rule with positive points that fires for at least 20% of lost deals (and 10 of them)
with the 95% interval of its likelihood ratio (Katz log method) reaching down to 1.1, and the 95%
interval of its coefficient in the full statsmodels fit reaching 0.

The design columns are computed here from the CSV text with the card's rules written out by hand
(independent of ScorecardKit's encoder): indicators for `when` rules, min(opens, 5) for the capped
`each` rule (3 points per open, at most 15 points = 5 opens)."""
import csv, json, math, os, sys
import numpy as np
import statsmodels
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
dropped = {"onboarding_call", "email_opens", "ai_hot"}
rows = []
with open(os.path.join(root, "datasets", "b2b-saas", "deals.csv"), newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["outcome"] in ("won", "lost")]
y = np.array([1.0 if r["outcome"] == "won" else 0.0 for r in rows])

# The leak: dated after the close for at least half of the dated deals it fires for.
dated = [r for r in rows if rules["onboarding_call"](r) and r["onboarding_call_booked_at"]]
late = sum(r["onboarding_call_booked_at"] > r["closed_at"] for r in dated if r["closed_at"])
assert late >= len(dated) / 2, (late, len(dated))
# False-positive-prone, and adding nothing beyond the other rules (full fit, every rule).
full_ids = [k for k in rules]
Xf = np.array([[float(rules[k](r)) for k in full_ids] for r in rows])
varying = [j for j in range(len(full_ids)) if Xf[:, j].min() != Xf[:, j].max()]
full = sm.Logit(y, sm.add_constant(Xf[:, varying])).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
ci = full.conf_int(0.05)
W, L = y.sum(), (1 - y).sum()
for k in ("email_opens", "ai_hot"):
    fires = Xf[:, full_ids.index(k)] > 0
    a, c = (fires & (y == 1)).sum(), (fires & (y == 0)).sum()
    lr = (a / W) / (c / L)
    low = math.exp(math.log(lr) - 1.959963984540054 * math.sqrt(1 / a - 1 / W + 1 / c - 1 / L))
    assert c / L >= 0.2 and c >= 10 and low <= 1.1, (k, c / L, c, low)
    j = 1 + varying.index(full_ids.index(k))
    assert ci[j][0] <= 0 <= ci[j][1], (k, ci[j])

kept = [k for k in rules if k not in dropped]
X = np.array([[float(rules[k](r)) for k in kept] for r in rows])
# A rule that never fires (or always does) has no estimate; every fit leaves it out.
constant = [k for j, k in enumerate(kept) if X[:, j].min() == X[:, j].max()]
X = X[:, [j for j, k in enumerate(kept) if k not in constant]]
kept = [k for k in kept if k not in constant]
X = sm.add_constant(X)
fit = sm.Logit(np.array(y), X).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
out = {
    "source": "statsmodels Logit (Newton, tol 1e-12) on datasets/b2b-saas/deals.csv, columns computed from the CSV text by scripts/reference/leaky_reference.py",
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "statsmodels": statsmodels.__version__},
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
