#!/usr/bin/env bash
# Times ScorecardKit against pandas + scikit-learn + statsmodels on the same 1,000,000 × 40 CSV,
# in one run, and prints the ratios. Needs python3 with numpy, pandas, scipy, scikit-learn and
# statsmodels (pip install them; they are development tools, never dependencies of the package).
#
#   bash scripts/bench/compare_peers.sh [N]        # N deals, default 1000000
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
CSV=/tmp/peer_bench_${N}.csv
CARD=/tmp/peer_bench_${N}_card.json
PEER=../shared/bench/peer_bench.py
python3 -c "import numpy, pandas, sklearn, statsmodels, scipy" 2>/dev/null || { echo "skipped: needs numpy, pandas, scipy, scikit-learn, statsmodels" >&2; exit 0; }
swift build -c release --product ScorecardBench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/ScorecardBench
REUSE=""; [ -f "$CSV" ] && REUSE="--reuse"
python3 "$PEER" --n "$N" --csv "$CSV" --card "$CARD" $REUSE > /tmp/peer_result.json
"$BENCH" --csv "$CSV" --card "$CARD" --skip-sweep 1 --skip-baseline 1 --coefficients-out /tmp/ours_coefficients.json > /tmp/ours_result.jsonl
python3 - "$CSV" <<'PY'
import json, sys
import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
peer = json.load(open("/tmp/peer_result.json"))
ours = {m["measure"]: m for m in map(json.loads, open("/tmp/ours_result.jsonl"))}
ours_total = ours["fit"]["endToEndSeconds"]
sk_fast = min(peer["sklearn_lbfgs_s"], peer["sklearn_newton_cholesky_s"])
sk_total = peer["read_csv_s"] + peer["prep_matrix_s"] + sk_fast
sm_total = peer["read_csv_s"] + peer["prep_matrix_s"] + peer["statsmodels_logit_s"]
# Coefficients: ours against scikit-learn newton-cholesky refitted here at tol 1e-10.
df = pd.read_csv(sys.argv[1]); sig = [c for c in df.columns if c.startswith("s") and c[1:].isdigit()]
m = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(df[sig].to_numpy(float), (df["outcome"] == "won").to_numpy(float))
ref = np.r_[m.intercept_, m.coef_.ravel()]
c = json.load(open("/tmp/ours_coefficients.json")); got = np.r_[c["intercept"], c["coefficients"]]
print(json.dumps({
    "deals": peer["n"], "rules": peer["p"],
    "oursEndToEndSeconds": ours_total, "oursIngestSeconds": ours["ingest"]["seconds"], "oursFitSeconds": ours["fit"]["seconds"],
    "oursPatterns": ours["fit"]["patterns"], "oursPeakMemoryMB": ours["fit"]["peakMemoryMB"],
    "sklearnFastestSolver": "lbfgs" if peer["sklearn_lbfgs_s"] < peer["sklearn_newton_cholesky_s"] else "newton-cholesky",
    "sklearnEndToEndSeconds": sk_total, "statsmodelsEndToEndSeconds": sm_total,
    "speedupVsSklearnEndToEnd": sk_total / ours_total, "speedupVsStatsmodelsEndToEnd": sm_total / ours_total,
    "speedupVsSklearnFitOnly": sk_fast / ours["fit"]["seconds"],
    "maxAbsCoefficientDiffVsSklearnNewtonCholesky": float(np.max(np.abs(got - ref))),
    "maxRelCoefficientDiffVsSklearnNewtonCholesky": float(np.max(np.abs(got - ref) / np.maximum(np.abs(ref), 1e-12))),
}, indent=1))
PY
