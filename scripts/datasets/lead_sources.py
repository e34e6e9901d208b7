#!/usr/bin/env python3
"""Writes datasets/lead-sources/: a synthetic 10,000-deal history with known structure, for
notebooks-md/10-changing-the-card.md and its tests.

usage: python3 scripts/datasets/lead_sources.py [OUT_DIR]   (default datasets/lead-sources)

The truth, in log-odds (written into true-structure.json beside the deals):
  - lead_source, one level per deal (webinar, paid_search, referral_partner, cold_list, event,
    organic): a category the current card scores with one rule per level, some negative;
  - enterprise (fit);
  - a hand-raise, recorded by two signals that each catch 75% of it (demo_requested and
    contact_sales): the outcome follows the hand-raise, so the two are one event;
  - pricing_visit, which counts only for enterprise leads;
  - free_trial, strong, and not on the card.
Deals close evenly over eight quarters (2024-Q4 to 2026-Q3). The generator is Python's Mersenne
Twister with seed 2026, so the file is the same on every machine.
"""
import datetime, json, math, os, random, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "datasets", "lead-sources")
os.makedirs(out, exist_ok=True)
rng = random.Random(2026)
sources = [("webinar", 0.22, 0.5), ("paid_search", 0.28, -0.3), ("referral_partner", 0.08, 1.1),
           ("cold_list", 0.18, -1.0), ("event", 0.12, 0.3), ("organic", 0.12, 0.0)]
truth = {"intercept": -2.4, "lead_source": {name: beta for name, _, beta in sources}, "enterprise": 0.7,
         "hand_raise (demo_requested or contact_sales)": 1.6, "pricing_visit (enterprise leads only)": 1.2,
         "pricing_visit (other leads)": 0.0, "free_trial": 1.3}
start = datetime.date(2024, 10, 1)
days = (datetime.date(2026, 9, 30) - start).days
rows = []
for i in range(10_000):
    u, acc = rng.random(), 0.0
    for name, share, beta in sources:
        acc += share
        if u < acc: break
    enterprise = rng.random() < 0.35
    hand_raise = rng.random() < 0.25
    demo = hand_raise and rng.random() < 0.75
    contact = hand_raise and rng.random() < 0.75
    pricing = rng.random() < 0.4
    trial = rng.random() < 0.15
    eta = truth["intercept"] + beta + 0.7 * enterprise + 1.6 * hand_raise + (1.2 if pricing and enterprise else 0) + 1.3 * trial
    won = rng.random() < 1 / (1 + math.exp(-eta))
    closed = start + datetime.timedelta(days=(i * days) // 10_000)
    b = lambda x: "true" if x else "false"
    rows.append(f"L{i:05d},{'won' if won else 'lost'},{closed.isoformat()},{name},{b(enterprise)},{b(demo)},{b(contact)},{b(pricing)},{b(trial)}")
with open(os.path.join(out, "deals.csv"), "w") as f:
    f.write("deal_id,outcome,closed_at,lead_source,enterprise,demo_requested,contact_sales,pricing_visit,free_trial\n")
    f.write("\n".join(rows) + "\n")
card = {"schema": "scorecard/v1", "name": "Lead-source scorecard", "threshold": 60,
        "description": "Points per lead source, one rule each, plus the team's behaviors; SQL at 60.",
        "rules": [
            {"id": "source_webinar", "kind": "fit", "signal": "lead_source", "when": {"equals": "webinar"}, "points": 15},
            {"id": "source_paid_search", "kind": "fit", "signal": "lead_source", "when": {"equals": "paid_search"}, "points": 5},
            {"id": "source_referral_partner", "kind": "fit", "signal": "lead_source", "when": {"equals": "referral_partner"}, "points": 30},
            {"id": "source_cold_list", "kind": "fit", "signal": "lead_source", "when": {"equals": "cold_list"}, "points": -10},
            {"id": "source_event", "kind": "fit", "signal": "lead_source", "when": {"equals": "event"}, "points": 10},
            {"id": "source_organic", "kind": "fit", "signal": "lead_source", "when": {"equals": "organic"}, "points": 0},
            {"id": "enterprise", "kind": "fit", "signal": "enterprise", "when": {"equals": True}, "points": 20},
            {"id": "demo_requested", "kind": "behavior", "signal": "demo_requested", "when": {"equals": True}, "points": 30},
            {"id": "contact_sales", "kind": "behavior", "signal": "contact_sales", "when": {"equals": True}, "points": 25},
            {"id": "pricing_visit", "kind": "behavior", "signal": "pricing_visit", "when": {"equals": True}, "points": 15}]}
with open(os.path.join(out, "current-scorecard.json"), "w") as f:
    json.dump(card, f, indent=2)
    f.write("\n")
with open(os.path.join(out, "true-structure.json"), "w") as f:
    json.dump({"generator": "scripts/datasets/lead_sources.py", "seed": 2026, "deals": 10_000, "logOdds": truth}, f, indent=2)
    f.write("\n")
print(f"wrote {out}: {sum(r.split(',')[1] == 'won' for r in rows)} won of {len(rows)}")
