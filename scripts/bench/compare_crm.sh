#!/usr/bin/env bash
# Times `scorecard fit` and `scorecard review` against the CRM-shaped peer (scripts/bench/crm_peer.py:
# pandas.read_csv, the bundled SMB card's design built in pandas, scikit-learn newton-cholesky) on
# the CRM-shaped million that `scorecard simulate --seed 7 --deals N` writes, each as a whole
# process (wall clock and peak RSS from /usr/bin/time), alternating, ROUNDS rounds; prints the
# medians and the ratios as one JSON document. The peer's coefficients are checked against
# `scorecard fit --penalty none --format json` to 1e-6 (relative) and the script fails past that.
# Needs python3 with numpy, pandas and scikit-learn (development tools, never dependencies).
#
#   bash scripts/bench/compare_crm.sh [N] [ROUNDS]   # N deals (default 1000000), ROUNDS (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
ROUNDS=${2:-3}
DIR=/tmp/crm_bench_${N}
CARD=datasets/b2b-saas/current-scorecard.json
python3 -c "import numpy, pandas, sklearn" 2>/dev/null || { echo "skipped: needs numpy, pandas, scikit-learn" >&2; exit 0; }
swift build -c release --product scorecard >/dev/null
BIN=$(swift build -c release --show-bin-path)
[ -f "$DIR/deals.csv" ] || "$BIN/scorecard" simulate --seed 7 --deals "$N" --out "$DIR" >/dev/null
rm -f /tmp/crm_peer_*.txt /tmp/crm_fit_*.txt /tmp/crm_review_*.txt /tmp/crm_peer_*.json
for ((k = 1; k <= ROUNDS; k++)); do
  /usr/bin/time -f "%e %M" -o /tmp/crm_fit_$k.txt "$BIN/scorecard" fit "$DIR/deals.csv" --scorecard "$CARD" --penalty none --format json > /tmp/crm_fit.json
  /usr/bin/time -f "%e %M" -o /tmp/crm_peer_$k.txt python3 scripts/bench/crm_peer.py "$DIR/deals.csv" "$CARD" --check /tmp/crm_fit.json > /tmp/crm_peer_$k.json
  /usr/bin/time -f "%e %M" -o /tmp/crm_review_$k.txt "$BIN/scorecard" review "$DIR/deals.csv" --scorecard "$CARD" --out /tmp/crm_review --format json > /dev/null
done
python3 - "$DIR/deals.csv" <<'PY'
import glob, json, statistics, sys
med = statistics.median
def timed(pattern):  # [(wall seconds, peak MB)] per round, from /usr/bin/time -f "%e %M"
    return [(float(w), int(m) / 1024) for w, m in (open(f).read().split()[-2:] for f in sorted(glob.glob(pattern)))]
def spread(xs): return [round(min(xs), 2), round(max(xs), 2)]
peer, fit, review = timed("/tmp/crm_peer_*.txt"), timed("/tmp/crm_fit_*.txt"), timed("/tmp/crm_review_*.txt")
inside = [json.loads(open(f).read().splitlines()[-1]) for f in sorted(glob.glob("/tmp/crm_peer_*.json"))]
p, f, r = med([w for w, _ in peer]), med([w for w, _ in fit]), med([w for w, _ in review])
print(json.dumps({
    "file": sys.argv[1], "rounds": len(peer), "deals": inside[0]["deals"], "rules": inside[0]["rules"],
    "peerProcessSeconds": p, "peerProcessSecondsRange": spread([w for w, _ in peer]), "peerPeakMB": med([m for _, m in peer]),
    "peerReadSeconds": med([x["readSeconds"] for x in inside]), "peerDesignSeconds": med([x["designSeconds"] for x in inside]),
    "peerFitSeconds": med([x["fitSeconds"] for x in inside]),
    "fitSeconds": f, "fitSecondsRange": spread([w for w, _ in fit]), "fitPeakMB": med([m for _, m in fit]),
    "reviewSeconds": r, "reviewSecondsRange": spread([w for w, _ in review]), "reviewPeakMB": med([m for _, m in review]),
    "fitSpeedupVsPeerProcess": p / f, "reviewSpeedupVsPeerProcess": p / r,
    "fitMemoryRatio": med([m for _, m in fit]) / med([m for _, m in peer]),
    "reviewMemoryRatio": med([m for _, m in review]) / med([m for _, m in peer]),
    "maxRelCoefficientDiff": max(x["maxRelCoefficientDiff"] for x in inside),
}, indent=1))
PY
