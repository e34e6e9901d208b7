/// Errors in a deal history that is valid CSV but not a usable history.
public enum DealDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `outcome` column (after `--map` renaming).
    case missingOutcomeColumn(SourceLocation, header: [String])
    /// A `deal_id` seen twice.
    case duplicateDealID(SourceLocation, value: String, firstLine: Int)
    /// A cell in a date column (`closed_at`, `scored_at`, `…_at`) that is not an ISO date.
    case invalidDate(SourceLocation, column: String, value: String)
    /// No row has a won/lost outcome.
    case noClosedDeals(SourceLocation, skipped: Int)
    /// Every closed deal was won (or every one lost): there is nothing to compare against.
    case oneOutcomeOnly(SourceLocation, outcome: Outcome, deals: Int)
    /// A `--map` entry names a column the file does not have.
    case mappedColumnMissing(SourceLocation, column: String, header: [String])
    /// A `--map` file that is not an object of strings.
    case invalidMap(SourceLocation, String)
    /// A number too large for a rule to score.
    case valueTooLarge(SourceLocation, column: String, value: String, ruleID: String)
    /// A pattern table's count that is not a number ≥ 0.
    case invalidCount(SourceLocation, column: String, value: String)
    /// A date column whose every date reads both day-first and month-first, as different days:
    /// the first such cell with both readings.
    case ambiguousDate(SourceLocation, column: String, value: String, dayFirst: CalendarDate, monthFirst: CalendarDate)
    /// A date column written in two forms: the first cell whose form differs from an earlier
    /// cell's (`otherLine`, `otherValue`).
    case mixedDateForms(
        SourceLocation, column: String, value: String, form: String, otherForm: String, otherLine: Int,
        otherValue: String)
    /// A number column whose cells are written in two ways (decimal comma and decimal point, two
    /// currencies): the first cell that does not read the way the column does.
    case mixedNumberForms(SourceLocation, column: String, value: String, reason: String)

    /// The location the error points at.
    public var location: SourceLocation {
        switch self {
        case .missingOutcomeColumn(let l, _), .duplicateDealID(let l, _, _), .invalidDate(let l, _, _),
            .noClosedDeals(let l, _), .oneOutcomeOnly(let l, _, _), .mappedColumnMissing(let l, _, _),
            .invalidMap(let l, _),
            .valueTooLarge(let l, _, _, _), .invalidCount(let l, _, _), .ambiguousDate(let l, _, _, _, _),
            .mixedDateForms(let l, _, _, _, _, _, _), .mixedNumberForms(let l, _, _, _):
            l
        }
    }

    public var description: String {
        switch self {
        case .missingOutcomeColumn(let l, let header):
            // One header cell holding another delimiter: the file is split by something else.
            if header.count == 1, let other = [",", ";", "\t", "|"].first(where: { header[0].contains($0) }) {
                let shown = other == "\t" ? "tab" : "'\(other)'"
                return
                    "\(l): no column named \"outcome\": the header reads as one column, \(quoted(header[0])), which holds \(shown); is the file delimited by \(shown)? pass --delimiter \(other == "\t" ? "tab" : shown)"
            }
            return
                "\(l): no column named \"outcome\" (the header has \(DealDataError.list(header))); rename yours with --map '{\"Your Column\": \"outcome\"}'"
        case .duplicateDealID(let l, let v, let first):
            return "\(l): deal_id \(quoted(v)) appears again (first on line \(first)); deal ids must be unique"
        case .invalidDate(let l, let column, let v):
            return
                "\(l): \(quoted(v)) in column \(quoted(column)) is not a date; expected YYYY-MM-DD (or M/D/YYYY, D/M/YYYY, D.M.YYYY: see --date-format)"
        case .ambiguousDate(let l, let column, let v, let dayFirst, let monthFirst):
            return
                "\(l): \(quoted(v)) in column \(quoted(column)) could be \(dayFirst.spelledOut) (D/M/YYYY) or \(monthFirst.spelledOut) (M/D/YYYY), and no date in the column settles which; pass --date-format D/M/YYYY or M/D/YYYY"
        case .mixedDateForms(let l, let column, let v, let form, let other, let line, let otherValue):
            return
                "\(l): \(quoted(v)) in column \(quoted(column)) is written \(form), but line \(line) has \(quoted(otherValue)), written \(other); a date column must use one form (fix the export, or pass --date-format)"
        case .mixedNumberForms(let l, let column, let v, let reason):
            return "\(l): \(quoted(v)) in column \(quoted(column)) \(reason)"
        case .noClosedDeals(let l, let skipped):
            return "\(l): no closed deals: all \(skipped) rows have an outcome that is not won or lost"
        case .oneOutcomeOnly(let l, let outcome, let n):
            let other = outcome == .won ? "lost" : "won"
            return
                "\(l): all \(n) closed deals were \(outcome == .won ? "won" : "lost") and none \(other); a scorecard needs both won and lost deals to compare"
        case .mappedColumnMissing(let l, let column, let header):
            return
                "\(l): the map renames \(quoted(column)), but the file has no such column (it has \(DealDataError.list(header)))"
        case .invalidMap(let l, let message):
            return "\(l): \(message)"
        case .invalidCount(let l, let column, let value):
            return "\(l): \(quoted(value)) in count column \(quoted(column)) is not a number of deals (a number ≥ 0)"
        case .valueTooLarge(let l, let column, let value, let rule):
            return
                "\(l): \(quoted(value)) in column \(quoted(column)) is too large for rule \(quoted(rule)) to score (more than 1e12 units); is a unit or a code in the wrong column?"
        }
    }

    static func list(_ names: [String]) -> String {
        let shown = names.prefix(12).map { quoted($0) }.joined(separator: ", ")
        return names.count > 12 ? shown + ", … (\(names.count) columns)" : shown
    }
}
