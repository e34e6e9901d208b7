#!/usr/bin/env bash
# Times `scorecard score` on a million leads as a whole process (wall seconds and peak RSS, from
# /usr/bin/time), against a pandas process that does less of the same job in the same rounds:
# read the CSV, total the card's points (a matrix product), mark the SQLs and write deal_id, score
# and is_sql as CSV (no breakdown, reasons or next step). The file and card are the common
# benchmark's (../shared/bench/peer_bench.py: 1,000,000 × 40, s01–s10 fit rules, SQL at 80).
# Also checks that the scores are the same. Needs python3 with numpy and pandas (development
# tools, never dependencies of the package).
#
#   bash scripts/bench/score_leads.sh [N] [ROUNDS]   # N leads (default 1000000), ROUNDS (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
ROUNDS=${2:-3}
CSV=/tmp/peer_bench_${N}.csv
CARD=/tmp/peer_bench_${N}_card.json
python3 -c "import numpy, pandas" 2>/dev/null || { echo "skipped: needs numpy and pandas" >&2; exit 0; }
# The file and card as compare_peers.sh makes them (peer_bench.py writes them, then times the peers).
[ -f "$CSV" ] && [ -f "$CARD" ] || python3 ../shared/bench/peer_bench.py --n "$N" --csv "$CSV" --card "$CARD" >/dev/null
swift build -c release --product scorecard >/dev/null
BIN=$(swift build -c release --show-bin-path)
rm -f /tmp/score_ours_*.txt /tmp/score_peer_*.txt
for ((k = 1; k <= ROUNDS; k++)); do
  /usr/bin/time -f "%e %M" -o /tmp/score_ours_$k.txt "$BIN/scorecard" score "$CSV" --scorecard "$CARD" > /tmp/score_ours.csv
  /usr/bin/time -f "%e %M" -o /tmp/score_peer_$k.txt python3 - "$CSV" "$CARD" <<'PY'
import json, sys, numpy as np, pandas as pd
df = pd.read_csv(sys.argv[1]); card = json.load(open(sys.argv[2]))
points = {r["signal"]: r["points"] for r in card["rules"]}
cols = list(points)
score = (df[cols].to_numpy(np.float64) == 1) @ np.array([points[c] for c in cols], dtype=np.float64)
pd.DataFrame({"deal_id": df["deal_id"], "score": score.astype(np.int64), "is_sql": np.where(score >= card["threshold"], "yes", "no")}).to_csv("/tmp/score_peer.csv", index=False)
PY
done
python3 - <<'PY'
import glob, json, statistics
import pandas as pd
def timed(pattern):
    return [(float(w), int(m) / 1024) for w, m in (open(f).read().split()[-2:] for f in sorted(glob.glob(pattern)))]
ours, peer = timed("/tmp/score_ours_*.txt"), timed("/tmp/score_peer_*.txt")
med = statistics.median
a = pd.read_csv("/tmp/score_ours.csv", usecols=["deal_id", "score", "is_sql"]); b = pd.read_csv("/tmp/score_peer.csv")
same = bool((a["deal_id"] == b["deal_id"]).all() and (a["score"] == b["score"]).all() and (a["is_sql"] == b["is_sql"]).all())
print(json.dumps({"leads": len(a), "rounds": len(ours),
                  "scoreSeconds": med([w for w, _ in ours]), "scoreSecondsRange": [min(w for w, _ in ours), max(w for w, _ in ours)],
                  "scorePeakMemoryMB": med([m for _, m in ours]),
                  "pandasSeconds": med([w for w, _ in peer]), "pandasSecondsRange": [min(w for w, _ in peer), max(w for w, _ in peer)],
                  "pandasPeakMemoryMB": med([m for _, m in peer]),
                  "speedupVsPandas": med([w for w, _ in peer]) / med([w for w, _ in ours]),
                  "memoryRatioVsPandas": med([m for _, m in ours]) / med([m for _, m in peer]),
                  "sameScoresAndSQLs": same}, indent=1))
if not same: raise SystemExit("scorecard score and pandas disagree on a score or an SQL")
PY
