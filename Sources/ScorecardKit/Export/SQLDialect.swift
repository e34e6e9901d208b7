/// The SQL engines the `sql` export writes for, and how each spells what differs between them.
public enum SQLDialect: String, Sendable, CaseIterable {
    case postgres
    case snowflake
    case bigquery
    case sqlite
    case duckdb
    /// Spark SQL (Databricks, EMR, a local PySpark), with its default ANSI mode.
    case spark

    /// An identifier, quoted: `"industry"` (or `` `industry` `` in BigQuery and Spark), inner quotes escaped.
    public func identifier(_ name: String) -> String {
        switch self {
        case .spark:
            // Spark reads a doubled backtick inside a quoted identifier as one.
            return "`" + name.replacing("`", with: "``") + "`"
        case .bigquery:
            return "`"
                + name.replacing("\\", with: "\\\\").replacing("`", with: "\\`").replacing("\n", with: "\\n").replacing(
                    "\r", with: "\\r") + "`"
        default:
            return "\"" + name.replacing("\"", with: "\"\"") + "\""
        }
    }

    /// A string literal: single quotes doubled (and backslashes escaped where the engine reads
    /// them as escapes: BigQuery, Spark and Snowflake).
    public func literal(_ text: String) -> String {
        switch self {
        case .bigquery, .spark:
            var s = text.replacing("\\", with: "\\\\").replacing("'", with: "\\'")
            s = s.replacing("\n", with: "\\n").replacing("\r", with: "\\r")
            return "'" + s + "'"
        case .snowflake:
            return "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "''") + "'"
        default:
            return "'" + text.replacing("'", with: "''") + "'"
        }
    }

    /// The text type for casts.
    var textType: String {
        switch self {
        case .snowflake: "VARCHAR"
        case .bigquery, .spark: "STRING"
        default: "TEXT"
        }
    }

    /// The floating-point type for casts.
    var realType: String {
        switch self {
        case .postgres: "DOUBLE PRECISION"
        case .bigquery: "FLOAT64"
        case .sqlite: "REAL"
        default: "DOUBLE"
        }
    }

    /// `column` as a number whether the table typed it as one or loaded it as text (a CSV
    /// import makes every column text, and a text column compares with a number as text, so
    /// "10" < "2"): its text, trimmed, empty read as NULL, cast to a float.
    func number(_ column: String) -> String {
        "CAST(NULLIF(TRIM(CAST(\(column) AS \(textType))), '') AS \(realType))"
    }

    /// The text forms a true (or false) value takes in a table: a Boolean type's `true`, the
    /// 0/1 of an integer or float column, and the words the CSV reader accepts (`yes`/`no`).
    static func booleanForms(_ value: Bool) -> [String] {
        value ? ["true", "yes", "1", "1.0"] : ["false", "no", "0", "0.0"]
    }

    /// The smaller of two expressions.
    func least(_ a: String, _ b: String) -> String { self == .sqlite ? "MIN(\(a), \(b))" : "LEAST(\(a), \(b))" }

    /// The larger of two expressions.
    func greatest(_ a: String, _ b: String) -> String { self == .sqlite ? "MAX(\(a), \(b))" : "GREATEST(\(a), \(b))" }

    /// Whole days from date `b` to date `a`.
    func daysBetween(_ a: String, _ b: String) -> String {
        switch self {
        case .postgres, .duckdb: "(CAST(\(a) AS DATE) - CAST(\(b) AS DATE))"
        case .sqlite: "(julianday(\(a)) - julianday(\(b)))"
        case .snowflake: "DATEDIFF(day, \(b), \(a))"
        case .bigquery: "DATE_DIFF(CAST(\(a) AS DATE), CAST(\(b) AS DATE), DAY)"
        case .spark: "DATEDIFF(CAST(\(a) AS DATE), CAST(\(b) AS DATE))"
        }
    }

    /// Rounds to the nearest integer, halves away from zero (PostgreSQL rounds a double half to
    /// even, so the sum is cast to numeric first; Spark's ROUND is HALF_UP, away from zero).
    func round(_ x: String) -> String { self == .postgres ? "ROUND(CAST(\(x) AS NUMERIC))" : "ROUND(\(x))" }

    /// A date literal (SQLite has no DATE literal; its date functions read ISO text).
    func date(_ d: CalendarDate) -> String {
        self == .sqlite ? literal(d.description) : "DATE " + literal(d.description)
    }
}
