#!/usr/bin/env bash
# The warehouse path on Spark, end to end, for a user's own history or the bundled one:
#   1. `scorecard export --to sql-aggregate --dialect spark` and `--to sql --dialect spark`;
#   2. both queries run by Spark SQL (PySpark in local mode) on DEALS loaded as a table;
#   3. `scorecard fit --counts won_count,lost_count` on what Spark returned, compared with the fit
#      of the deals themselves (largest relative difference), and Spark's scores with `score`'s.
# Needs `pip install pyspark` and Java 17 (development tools, not dependencies of the package).
#
#   bash scripts/warehouse/spark.sh [DEALS.csv] [CARD.json]
set -euo pipefail
cd "$(dirname "$0")/../.."
DEALS=${1:-datasets/b2b-saas/deals.csv}
CARD=${2:-datasets/b2b-saas/current-scorecard.json}
python3 -c "import pyspark" 2>/dev/null || { echo "skipped: needs pip install pyspark (and Java 17)" >&2; exit 0; }
swift build -c release --product scorecard >/dev/null
BIN=$(swift build -c release --show-bin-path)/scorecard
OUT=$(mktemp -d)
"$BIN" export "$CARD" --to sql-aggregate --dialect spark > "$OUT/aggregate.sql"
"$BIN" export "$CARD" --to sql --dialect spark > "$OUT/score.sql"
START=$(date +%s.%N)
python3 scripts/warehouse/spark.py "$DEALS" --aggregate "$OUT/aggregate.sql" --aggregate-out "$OUT/patterns.csv" \
  --score "$OUT/score.sql" --score-out "$OUT/spark-scores.csv" 2> "$OUT/spark.log" || { tail -20 "$OUT/spark.log" >&2; exit 1; }
echo "Spark: $(python3 -c "print(round($(date +%s.%N) - $START, 1))") s for the load, the GROUP BY and the scores; $(($(wc -l < "$OUT/patterns.csv") - 1)) pattern rows"
"$BIN" fit "$DEALS" --scorecard "$CARD" --format json > "$OUT/fit-deals.json"
"$BIN" fit "$OUT/patterns.csv" --counts won_count,lost_count --scorecard "$CARD" --format json > "$OUT/fit-spark.json"
"$BIN" score "$DEALS" --scorecard "$CARD" > "$OUT/scores.csv"
python3 - "$OUT" <<'PY'
import csv, json, sys
out = sys.argv[1]
a, b = json.load(open(f"{out}/fit-deals.json")), json.load(open(f"{out}/fit-spark.json"))
def nums(j, k): return [j["intercept"][k]] + [r.get(k) for r in j["rules"]]
worst = max(abs(u - v) / max(1, abs(u)) for k in ("coefficient", "stdError") for u, v in zip(nums(a, k), nums(b, k)) if u is not None and v is not None)
ours = {r["deal_id"]: float(r["score"]) for r in csv.DictReader(open(f"{out}/scores.csv"))}
spark = {r["deal_id"]: float(r["score"]) for r in csv.DictReader(open(f"{out}/spark-scores.csv"))}
differ = sum(ours[k] != spark.get(k) for k in ours)
print(f"fit --counts on Spark's rows vs the deals: largest relative difference {worst:.1e} (coefficients and standard errors)")
print(f"scores: {len(ours) - differ} of {len(ours)} deals equal in Spark and scorecard score")
sys.exit(0 if worst <= 1e-9 and differ == 0 and len(spark) == len(ours) else 1)
PY
