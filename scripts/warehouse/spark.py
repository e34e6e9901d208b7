"""Runs ScorecardKit's Spark SQL exports in a real Spark (PySpark in local mode).

Loads DEALS.csv as the table `deals` (every column typed by Spark's CSV schema inference, or,
with --as-text, every column as text, as a raw CSV import leaves it), then runs the queries
given and writes each result as CSV (empty cell for NULL), with a header:

    python3 scripts/warehouse/spark.py DEALS.csv --aggregate AGG.sql --aggregate-out patterns.csv \
        --score SCORE.sql --score-out scores.csv [--as-text]

A development and user tool (needs `pip install pyspark` and Java 17), never a dependency of the
package. `scripts/warehouse/spark.sh` wraps it with the exports and the fit of what Spark returns.
"""
import argparse, csv, os, sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("deals")
    ap.add_argument("--aggregate")
    ap.add_argument("--aggregate-out")
    ap.add_argument("--score")
    ap.add_argument("--score-out")
    ap.add_argument("--as-text", action="store_true", help="load every column as text")
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("scorecard-export-check")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        reader = spark.read.option("header", True).option("mode", "FAILFAST")
        if not args.as_text:
            reader = reader.option("inferSchema", True)
        reader.csv(args.deals).createOrReplaceTempView("deals")
        for query, out in [(args.aggregate, args.aggregate_out), (args.score, args.score_out)]:
            if not query:
                continue
            text = open(query, encoding="utf-8").read()
            # Spark runs one statement: drop the comment lines and a trailing semicolon.
            body = "\n".join(l for l in text.splitlines() if not l.startswith("--")).strip().rstrip(";")
            df = spark.sql(body)
            with open(out, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(df.columns)
                for row in df.toLocalIterator():
                    w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in row])
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
