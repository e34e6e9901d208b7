import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardCLI
@testable import ScorecardKit

/// The `sql-aggregate` query run by a real PostgreSQL server: the bundled history loaded with the
/// types a warehouse uses (BOOLEAN, DOUBLE PRECISION, DATE, TEXT), grouped there, exported as CSV
/// by `psql`, and fitted with `scorecard fit --counts`: the same fit as `scorecard fit` on the deals.
///
/// The server is named by `SCORECARD_POSTGRES` (a libpq connection string, for example
/// `host=/tmp/pg port=54329 user=postgres dbname=postgres`); `.ci/run` installs Debian's
/// `postgresql`, starts a throw-away cluster and sets it. Without it the test is skipped, and says
/// so, or fails under `SCORECARD_CI=1` (``skipOrFail(_:sourceLocation:)``).
@Suite("Warehouse aggregation in PostgreSQL")
struct PostgresAggregationTests {
    /// The connection string, when a server answers on it.
    static let connection: String? = {
        guard let target = ProcessInfo.processInfo.environment["SCORECARD_POSTGRES"], !target.isEmpty,
            (try? psql(target, script: "SELECT 1;")) != nil
        else { return nil }
        return target
    }()

    /// Runs `script` through `psql` against `target`, CSV output, stopping at the first error.
    static func psql(_ target: String, script: String) throws -> String {
        guard let path = SQLiteParity.executable("psql") else { throw CLIError.file("psql is not installed") }
        let result = try ChildProcess.run(
            path, arguments: [target, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1"], input: script)
        guard result.status == 0 else { throw CLIError.file("psql failed: " + result.err) }
        return result.out
    }

    @Test func aggregateInPostgreSQLFitsAsTheDeals() throws {
        guard let connection = Self.connection else {
            return skipOrFail(
                "no PostgreSQL server: SCORECARD_POSTGRES is unset or does not answer (.ci/run starts one)")
        }
        let dealsPath = repositoryRoot + "/datasets/b2b-saas/deals.csv"
        let cardPath = repositoryRoot + "/datasets/b2b-saas/current-scorecard.json"
        let deals = try DealTable(bytes: [UInt8](FileManager.default.contents(atPath: dealsPath)!), file: "deals.csv")
        let export = runTool(["export", cardPath, "--to", "sql-aggregate", "--dialect", "postgres"])
        #expect(export.code == 0, "\(export.err)")
        let script =
            "BEGIN;\n"
            + SQLiteParity.loadStatements(deals: deals, table: "deals", includeOutcome: true, dialect: .postgres)
            + export.out.trimmingCharacters(in: .whitespacesAndNewlines) + ";\nCOMMIT;\n"
        let output = try Self.psql(connection, script: script)
        let dir = try temporaryDirectory()
        let patterns = try write(output, to: "patterns.csv", in: dir)
        // The engine grouped the deals into far fewer rows, and every closed deal is counted once.
        let table = try DealTable(
            bytes: Array(output.utf8), file: "patterns.csv", counts: .init(won: "won_count", lost: "lost_count"))
        #expect(table.accounting.used < deals.count / 2)
        #expect(table.wonCount == deals.wonCount && table.lostCount == deals.lostCount)
        // The fit of what PostgreSQL returned, read with --counts, is the fit of the deals.
        let a = runTool(["fit", dealsPath, "--scorecard", cardPath, "--format", "json"])
        let b = runTool([
            "fit", patterns, "--counts", "won_count,lost_count", "--scorecard", cardPath, "--format", "json",
        ])
        #expect(a.code == 0 && b.code == 0, "\(b.err)")
        let ja = try JSONValue.parseValue(a.out)
        let jb = try JSONValue.parseValue(b.out)
        func numbers(_ j: JSONValue, _ key: String) -> [Double] {
            [j["intercept"]![key]!.number!] + (j["rules"]!.array ?? []).map { $0[key]?.number ?? .nan }
        }
        for key in ["coefficient", "stdError"] {
            let x = numbers(ja, key)
            let y = numbers(jb, key)
            #expect(x.count == 13 && x.count == y.count)
            for (u, v) in zip(x, y) {
                // A rule left out of the fit (null) must be left out of both.
                if u.isNaN || v.isNaN {
                    #expect(u.isNaN && v.isNaN, "\(key): deals \(u), PostgreSQL aggregate \(v)")
                    continue
                }
                #expect(abs(u - v) <= 1e-9 * max(1, abs(u)), "\(key): deals \(u), PostgreSQL aggregate \(v)")
            }
            #expect(x.filter(\.isNaN).count <= 1)
        }
        #expect(ja["penalty"] == jb["penalty"])
    }
}
