import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The Spark SQL exports run by a real Spark: PySpark in local mode (`pip install pyspark`, Java
/// 17), driven by `scripts/warehouse/spark.py`. The bundled history is loaded as a table (types by
/// Spark's CSV inference), the `sql-aggregate` query groups it there, and `scorecard fit --counts`
/// on what Spark returns is the fit of the deals to 1e-9; the `sql` query's scores equal `score`'s,
/// deal for deal.
///
/// `.ci/run` does not install PySpark (a 300 MB download and a JVM start did not fit the CI budget)
/// and says so in its output; without PySpark the test is skipped with that reason.
@Suite("Warehouse export in Spark")
struct SparkWarehouseTests {
    /// python3, when PySpark imports in it and Java is on the PATH.
    static let python: String? = {
        guard let python = SQLiteParity.executable("python3"), SQLiteParity.executable("java") != nil,
            let r = try? ChildProcess.run(python, arguments: ["-c", "import pyspark"], input: ""), r.status == 0
        else { return nil }
        return python
    }()

    @Test(
        .enabled(
            if: python != nil,
            "PySpark (pip install pyspark) or Java 17 is missing; scripts/warehouse/spark.sh runs the same check"))
    func sparkAggregatesAndScoresAsScorecardDoes() throws {
        let deals = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let card = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        let dir = try temporaryDirectory()
        let aggregate = runTool(["export", card, "--to", "sql-aggregate", "--dialect", "spark"])
        let query = runTool(["export", card, "--to", "sql", "--dialect", "spark"])
        #expect(aggregate.code == 0 && query.code == 0, "\(aggregate.err)\(query.err)")
        let aggregatePath = try write(aggregate.out, to: "aggregate.sql", in: dir)
        let queryPath = try write(query.out, to: "score.sql", in: dir)
        let spark = try ChildProcess.run(
            Self.python!,
            arguments: [
                repositoryRoot + "/scripts/warehouse/spark.py", deals, "--aggregate", aggregatePath,
                "--aggregate-out", dir + "/patterns.csv", "--score", queryPath, "--score-out", dir + "/scores.csv",
            ],
            input: "")
        #expect(spark.status == 0, "spark.py failed: \(spark.err.suffix(2000))")
        guard spark.status == 0 else { return }

        // The fit of what Spark returned, read with --counts, is the fit of the deals.
        let a = runTool(["fit", deals, "--scorecard", card, "--format", "json"])
        let b = runTool([
            "fit", dir + "/patterns.csv", "--counts", "won_count,lost_count", "--scorecard", card, "--format", "json",
        ])
        #expect(a.code == 0 && b.code == 0, "\(b.err)")
        let ja = try JSONValue.parseValue(a.out)
        let jb = try JSONValue.parseValue(b.out)
        #expect(jb["deals"]?["won"] == ja["deals"]?["won"] && jb["deals"]?["lost"] == ja["deals"]?["lost"])
        func numbers(_ j: JSONValue, _ key: String) -> [Double] {
            [j["intercept"]![key]!.number!] + (j["rules"]!.array ?? []).map { $0[key]?.number ?? .nan }
        }
        for key in ["coefficient", "stdError"] {
            let x = numbers(ja, key)
            let y = numbers(jb, key)
            #expect(x.count == 13 && y.count == 13)
            for k in 0..<min(x.count, y.count) {
                if x[k].isNaN || y[k].isNaN {
                    #expect(x[k].isNaN && y[k].isNaN, "\(key) \(k): deals \(x[k]), Spark aggregate \(y[k])")
                    continue
                }
                #expect(
                    abs(x[k] - y[k]) <= 1e-9 * max(1, abs(x[k])), "\(key) \(k): deals \(x[k]), Spark aggregate \(y[k])")
            }
        }

        // Spark's scores are score's, deal for deal.
        func scores(_ csv: String) -> [String: Double] {
            var out: [String: Double] = [:]
            for line in csv.split(separator: "\n").dropFirst() {
                let cells = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                out[String(cells[0])] = Double(cells[1]) ?? .nan
            }
            return out
        }
        let ours = scores(runTool(["score", deals, "--scorecard", card]).out)
        let theirs = scores(try String(contentsOfFile: dir + "/scores.csv", encoding: .utf8))
        #expect(ours.count == 3200 && theirs.count == ours.count)
        let differing = ours.filter { theirs[$0.key] != $0.value }
        #expect(
            differing.isEmpty,
            "\(differing.count) deals score differently in Spark, e.g. \(differing.first.map { "\($0.key): \($0.value) vs \(theirs[$0.key] ?? .nan)" } ?? "")"
        )
    }
}
