#!/usr/bin/env bash
# Times ScorecardKit against pandas + scikit-learn + statsmodels on the same 1,000,000 × 40 CSV,
# in one run on this machine, and prints the ratios. Needs python3 with numpy, pandas, scipy,
# scikit-learn and statsmodels (development tools, never dependencies of the package).
#
# It also times what users run: the `scorecard fit … --penalty none --format json` and
# `scorecard review … --format json` processes as wholes (wall clock and peak RSS, from
# /usr/bin/time), and pandas.read_csv + scikit-learn newton-cholesky as a whole python process,
# in the same rounds; the fit command's coefficients are checked against scikit-learn's to 1e-6.
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
rm -f /tmp/peer_result_*.json /tmp/ours_result_*.jsonl /tmp/ours_fitcmd_*.txt /tmp/ours_reviewcmd_*.txt /tmp/peer_proc_*.txt
for ((k = 1; k <= ROUNDS; k++)); do
  # 1. The peers, as ../shared/bench/peer_bench.py times them.
  python3 "$PEER" --n "$N" --csv "$CSV" --card "$CARD" $REUSE > /tmp/peer_result_$k.json
  REUSE="--reuse"
  # 2. ScorecardKit on the same file: ingest, encode, compress, fit (and the peak memory of that).
  /usr/bin/time -f "%M" -o /tmp/ours_rss.txt "$BIN/ScorecardBench" --csv "$CSV" --card "$CARD" --skip-sweep 1 --skip-baseline 1 --skip-review 1 \
    --coefficients-out /tmp/ours_coefficients.json > /tmp/ours_result_$k.jsonl
  # 3. The commands users run, as whole processes: wall seconds and peak RSS (KiB) per round.
  /usr/bin/time -f "%e %M" -o /tmp/ours_fitcmd_$k.txt "$BIN/scorecard" fit "$CSV" --scorecard "$CARD" --penalty none --format json > /tmp/ours_fitcmd.json
  # 4. pandas.read_csv + scikit-learn newton-cholesky as a whole process, timed the same way.
  /usr/bin/time -f "%e %M" -o /tmp/peer_proc_$k.txt python3 - "$CSV" <<'PY'
import sys, numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
df = pd.read_csv(sys.argv[1]); sig = [c for c in df.columns if c.startswith("s") and c[1:].isdigit()]
X = df[sig].to_numpy(dtype=np.float64); y = (df["outcome"] == "won").to_numpy(dtype=np.float64)
LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-8, max_iter=100).fit(X, y)
PY
  /usr/bin/time -f "%e %M" -o /tmp/ours_reviewcmd_$k.txt "$BIN/scorecard" review "$CSV" --scorecard "$CARD" --out /tmp/peer_review --format json > /tmp/ours_reviewcmd.json
done
python3 - "$CSV" <<'PY'
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
def timed(pattern):  # [(wall seconds, peak MB)] per round, from /usr/bin/time -f "%e %M"
    return [(float(w), int(m) / 1024) for w, m in (open(f).read().split()[-2:] for f in sorted(glob.glob(pattern)))]
fit_cmd, review_cmd, peer_proc = timed("/tmp/ours_fitcmd_*.txt"), timed("/tmp/ours_reviewcmd_*.txt"), timed("/tmp/peer_proc_*.txt")
peer_rss = med([m for _, m in peer_proc])
fc = json.load(open("/tmp/ours_fitcmd.json"))
fc_by_id = {r["id"]: r["coefficient"] for r in fc["rules"]}
got_cmd = np.r_[fc["intercept"]["coefficient"], [fc_by_id[s] for s in sig]]
cmd_rel = float(np.max(np.abs(got_cmd - ref) / np.maximum(np.abs(ref), 1e-12)))
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
    "maxRelCoefficientDiffVsSklearnNewtonCholesky": float(np.max(np.abs(got - ref) / np.maximum(np.abs(ref), 1e-12))),
    "commands": {
        "peerProcessSeconds": med([w for w, _ in peer_proc]), "peerProcessSecondsRange": spread([w for w, _ in peer_proc]),
        "peerProcessPeakMemoryMB": peer_rss,
        "fitSeconds": med([w for w, _ in fit_cmd]), "fitSecondsRange": spread([w for w, _ in fit_cmd]),
        "fitPeakMemoryMB": med([m for _, m in fit_cmd]),
        "fitSpeedupVsPeerReadFit": med(sk_newton_all) / med([w for w, _ in fit_cmd]),
        "fitSpeedupVsPeerProcess": med([w for w, _ in peer_proc]) / med([w for w, _ in fit_cmd]),
        "fitMemoryRatioVsPeerProcess": med([m for _, m in fit_cmd]) / peer_rss,
        "fitMaxRelCoefficientDiffVsSklearnNewtonCholesky": cmd_rel, "fitCoefficientsWithin1e-6": cmd_rel <= 1e-6,
        "reviewSeconds": med([w for w, _ in review_cmd]), "reviewSecondsRange": spread([w for w, _ in review_cmd]),
        "reviewPeakMemoryMB": med([m for _, m in review_cmd]),
        "reviewSpeedupVsPeerReadFit": med(sk_newton_all) / med([w for w, _ in review_cmd]),
        "reviewSpeedupVsPeerProcess": med([w for w, _ in peer_proc]) / med([w for w, _ in review_cmd]),
        "reviewMemoryRatioVsPeerProcess": med([m for _, m in review_cmd]) / peer_rss,
    },
}, indent=1))
if cmd_rel > 1e-6:
    sys.exit(f"scorecard fit's coefficients differ from scikit-learn's by {cmd_rel:.2e} (relative) > 1e-6")
PY
