#!/usr/bin/env bash
# Times ScorecardKit against pandas + scikit-learn + statsmodels on the same 1,000,000 × 40 CSV,
# in one run on this machine, and prints the ratios. Needs python3 with numpy, pandas, scipy,
# scikit-learn and statsmodels (development tools, never dependencies of the package).
#
# This machine's timings move by up to 20% from one run to the next (it shares its cores), so
# both sides are timed ROUNDS times, alternating, and the ratios use the medians; the JSON also
# gives each side's fastest and slowest round.
#
#   bash scripts/bench/compare_peers.sh [N] [ROUNDS]   # N deals (default 1000000), ROUNDS (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
ROUNDS=${2:-3}
CSV=/tmp/peer_bench_${N}.csv
CARD=/tmp/peer_bench_${N}_card.json
PEER=../shared/bench/peer_bench.py
python3 -c "import numpy, pandas, sklearn, statsmodels, scipy" 2>/dev/null || { echo "skipped: needs numpy, pandas, scipy, scikit-learn, statsmodels" >&2; exit 0; }
swift build -c release --product ScorecardBench >/dev/null
swift build -c release --product scorecard >/dev/null
BIN=$(swift build -c release --show-bin-path)
REUSE=""; [ -f "$CSV" ] && REUSE="--reuse"
rm -f /tmp/peer_result_*.json /tmp/ours_result_*.jsonl
for ((k = 1; k <= ROUNDS; k++)); do
  # 1. The peers, as ../shared/bench/peer_bench.py times them.
  python3 "$PEER" --n "$N" --csv "$CSV" --card "$CARD" $REUSE > /tmp/peer_result_$k.json
  REUSE="--reuse"
  # 2. ScorecardKit on the same file: ingest, encode, compress, fit (and the peak memory of that).
  /usr/bin/time -f "%M" -o /tmp/ours_rss.txt "$BIN/ScorecardBench" --csv "$CSV" --card "$CARD" --skip-sweep 1 --skip-baseline 1 --skip-review 1 \
    --coefficients-out /tmp/ours_coefficients.json > /tmp/ours_result_$k.jsonl
done
# 3. Peak memory of pandas.read_csv + scikit-learn newton-cholesky alone, measured the same way.
/usr/bin/time -f "%M" -o /tmp/peer_rss.txt python3 - "$CSV" <<'PY'
import sys, numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
df = pd.read_csv(sys.argv[1]); sig = [c for c in df.columns if c.startswith("s") and c[1:].isdigit()]
X = df[sig].to_numpy(dtype=np.float64); y = (df["outcome"] == "won").to_numpy(dtype=np.float64)
LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-8, max_iter=100).fit(X, y)
PY
# 4. The whole review on the same history, from the command line.
start=$(date +%s.%N); "$BIN/scorecard" review "$CSV" --scorecard "$CARD" --out /tmp/peer_review >/dev/null; end=$(date +%s.%N)
python3 - "$CSV" "$start" "$end" <<'PY'
import json, sys
import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
import glob, statistics
peers = [json.load(open(f)) for f in sorted(glob.glob("/tmp/peer_result_*.json"))]
rounds = [{m["measure"]: m for m in map(json.loads, open(f))} for f in sorted(glob.glob("/tmp/ours_result_*.jsonl"))]
med = statistics.median
def spread(xs): return [round(min(xs), 3), round(max(xs), 3)]
ours_totals = [r["fit"]["endToEndSeconds"] for r in rounds]
ours_ingest = [r["ingest"]["seconds"] for r in rounds]
ours_fit = [r["fit"]["seconds"] for r in rounds]
read_csv = [p["read_csv_s"] for p in peers]
sk_newton_all = [p["read_csv_s"] + p["prep_matrix_s"] + p["sklearn_newton_cholesky_s"] for p in peers]
sk_fast_all = [p["read_csv_s"] + p["prep_matrix_s"] + min(p["sklearn_lbfgs_s"], p["sklearn_newton_cholesky_s"]) for p in peers]
sm_all = [p["read_csv_s"] + p["prep_matrix_s"] + p["statsmodels_logit_s"] for p in peers]
peer = peers[0]
ours_total = med(ours_totals)
df = pd.read_csv(sys.argv[1]); sig = [c for c in df.columns if c.startswith("s") and c[1:].isdigit()]
m = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(df[sig].to_numpy(float), (df["outcome"] == "won").to_numpy(float))
ref = np.r_[m.intercept_, m.coef_.ravel()]
c = json.load(open("/tmp/ours_coefficients.json")); got = np.r_[c["intercept"], c["coefficients"]]
ours_rss = int(open("/tmp/ours_rss.txt").read().split()[-1]) / 1024
peer_rss = int(open("/tmp/peer_rss.txt").read().split()[-1]) / 1024
print(json.dumps({
    "deals": peer["n"], "rules": peer["p"], "csvMB": peer["csv_mb"], "rounds": len(rounds), "versions": peer["versions"],
    "oursEndToEndSeconds": ours_total, "oursEndToEndSecondsRange": spread(ours_totals),
    "oursIngestSeconds": med(ours_ingest), "oursIngestSecondsRange": spread(ours_ingest), "oursFitSeconds": med(ours_fit),
    "oursIterations": rounds[0]["fit"]["iterations"], "oursPatterns": rounds[0]["fit"]["patterns"],
    "pandasReadCsvSeconds": med(read_csv), "pandasReadCsvSecondsRange": spread(read_csv),
    "ingestThroughputRatio": med(read_csv) / med(ours_ingest),
    "sklearnNewtonCholeskyEndToEndSeconds": med(sk_newton_all), "sklearnNewtonCholeskyEndToEndSecondsRange": spread(sk_newton_all),
    "speedupVsSklearnNewtonCholeskyEndToEnd": med(sk_newton_all) / ours_total,
    "speedupVsSklearnFastestSolverEndToEnd": med(sk_fast_all) / ours_total,
    "speedupVsStatsmodelsEndToEnd": med(sm_all) / ours_total,
    "oursPeakMemoryMB": ours_rss, "pandasSklearnPeakMemoryMB": peer_rss, "memoryRatio": ours_rss / peer_rss,
    "reviewCommandSeconds": float(sys.argv[3]) - float(sys.argv[2]),
    "maxRelCoefficientDiffVsSklearnNewtonCholesky": float(np.max(np.abs(got - ref) / np.maximum(np.abs(ref), 1e-12))),
}, indent=1))
PY
