#!/usr/bin/env python3
"""The CRM-shaped peer: what an analyst writes in pandas + scikit-learn to fit a lead-scoring card.

Reads a deal history like `scorecard simulate` writes (text categories, true/false flags, counts,
dates with blanks, open and unlabelled deals), builds the card's design itself from the card's
rules, as `scorecard fit` does, and fits an unpenalized logistic regression with scikit-learn's
newton-cholesky solver:

- deals kept: outcome won or lost (case-insensitive, trimmed); open deals and empty outcomes are
  skipped, as the contract says;
- a `when` rule is an indicator (`equals` a string, number or bool, `in` a list, `atLeast`,
  `atMost`, `between`, `present`); strings compare case-insensitively after trimming; a missing
  value never fires;
- an `each` rule is the count divided by `each`, capped at cap / |points| units, missing = 0;
- a rule that never fires (or always does) is left out of the fit, as `scorecard fit` excludes it.

It prints one JSON line: the seconds of reading, building the design and fitting (as timed inside
python), the coefficients by rule id, and the intercept. With `--check FIT.json` (the output of
`scorecard fit DEALS --scorecard CARD --penalty none --format json`) it also compares the
coefficients and fails when any differs by more than 1e-6 relative.

    python3 scripts/bench/crm_peer.py DEALS.csv CARD.json [--check FIT.json]

Needs numpy, pandas and scikit-learn (development tools, never dependencies of the package).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

WON = {"won", "closed won", "1", "true", "yes"}
LOST = {"lost", "closed lost", "0", "false", "no"}


def text_in(col: pd.Series, values) -> np.ndarray:
    """Whether each row's value, trimmed and lowercased, is one of `values` (missing: False).
    The test runs once per distinct value (a categorical's categories), as a careful analyst
    would write it for a million rows."""
    if col.dtype == bool:
        return col.isin([v == "true" for v in values if v in ("true", "false")]).to_numpy()
    cat = pd.Categorical(col)
    hit = np.isin(np.char.lower(np.char.strip(cat.categories.astype(str).to_numpy(dtype=str))), list(values))
    codes = cat.codes
    return np.where(codes >= 0, hit[np.maximum(codes, 0)], False)


def number(col: pd.Series) -> pd.Series:
    """The column as numbers, anything else as NaN."""
    return col.astype(float) if col.dtype == bool else pd.to_numeric(col, errors="coerce")


def literal(v) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v).strip().lower()


def indicator(col: pd.Series, when: dict) -> np.ndarray:
    """Whether a `when` rule fires on each row (a missing value never fires)."""
    (op, arg), = when.items()
    if op == "present":
        present = col.notna().to_numpy()
        return present if arg else ~present
    if op in ("atLeast", "atMost", "between"):
        x = number(col).to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            if op == "atLeast":
                return x >= arg
            if op == "atMost":
                return x <= arg
            return (x >= arg[0]) & (x <= arg[1])
    values = arg if op == "in" else [arg]
    if col.dtype == bool and all(isinstance(v, bool) for v in values):
        return col.isin(values).to_numpy()
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) and col.dtype != object:
        return number(col).isin(values).to_numpy()
    return text_in(col, [literal(v) for v in values])


def design(df: pd.DataFrame, card: dict) -> tuple[list[str], np.ndarray]:
    """The card's design: one column per rule that varies, in card order."""
    ids, columns = [], []
    for rule in card["rules"]:
        col = df[rule["signal"]]
        if "each" in rule:
            x = (number(col) / rule["each"]).fillna(0.0).to_numpy(dtype=float)
            cap = rule.get("cap")
            if cap is not None and rule["points"] != 0:
                x = np.minimum(x, cap / abs(rule["points"]))
            elif rule.get("capUnits") is not None:
                x = np.minimum(x, rule["capUnits"])
        else:
            x = indicator(col, rule["when"]).astype(float)
        if x.min() == x.max():  # never fires (or always): not identifiable, left out
            continue
        ids.append(rule["id"])
        columns.append(x)
    return ids, np.column_stack(columns)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("deals")
    ap.add_argument("card")
    ap.add_argument("--check", help="scorecard fit --format json output to compare the coefficients with (1e-6 relative)")
    args = ap.parse_args()
    card = json.load(open(args.card))
    t0 = time.perf_counter()
    df = pd.read_csv(args.deals)
    t1 = time.perf_counter()
    won = text_in(df["outcome"], WON)
    keep = won | text_in(df["outcome"], LOST)
    df = df[keep]
    y = won[keep].astype(float)
    ids, X = design(df, card)
    t2 = time.perf_counter()
    model = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(X, y)
    t3 = time.perf_counter()
    coefficients = dict(zip(ids, map(float, model.coef_.ravel())))
    out = {"deals": int(keep.sum()), "skipped": int((~keep).sum()), "rules": len(ids),
           "readSeconds": t1 - t0, "designSeconds": t2 - t1, "fitSeconds": t3 - t2, "totalSeconds": t3 - t0,
           "intercept": float(model.intercept_[0]), "coefficients": coefficients}
    if args.check:
        fit = json.load(open(args.check))
        ours = {r["id"]: r["coefficient"] for r in fit["rules"] if r["coefficient"] is not None}
        if set(ours) != set(coefficients):
            sys.exit(f"the fitted rules differ: scorecard {sorted(ours)}, peer {sorted(coefficients)}")
        if fit["dealsUsed"] != out["deals"]:
            sys.exit(f"deals used differ: scorecard {fit['dealsUsed']}, peer {out['deals']}")
        pairs = [(fit["intercept"]["coefficient"], out["intercept"])] + [(ours[k], coefficients[k]) for k in ids]
        rel = max(abs(a - b) / max(abs(b), 1e-12) for a, b in pairs)
        out["maxRelCoefficientDiff"] = rel
        if rel > 1e-6:
            print(json.dumps(out))
            sys.exit(f"scorecard fit's coefficients differ from scikit-learn's by {rel:.2e} (relative) > 1e-6")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
