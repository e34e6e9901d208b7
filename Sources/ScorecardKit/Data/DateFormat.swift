/// How the dates of a column are written (`--date-format`).
///
/// `ISO` is `YYYY-MM-DD`, alone or with a time (`T` or a space, `HH:MM`, optional seconds and
/// fraction, optional `AM`/`PM`, optional zone `Z`, `+02:00`, `+0200` or ` UTC`; the calendar day
/// as written is used). The CRM forms write the day and month as one or two digits and the year
/// as four, or as two (`25` is 2025: years `00`–`69` are 2000–2069 and `70`–`99` are 1970–1999, the
/// POSIX `%y` pivot), optionally followed by a space and a time.
public enum DateFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `2025-04-30`, `2025-04-30T21:21:00Z`, `2025-04-30 21:21`.
    case iso = "ISO"
    /// `4/30/2025` (United States; Salesforce and HubSpot with US locales).
    case monthFirst = "M/D/YYYY"
    /// `30/4/2025` (United Kingdom, much of the world).
    case dayFirst = "D/M/YYYY"
    /// `30.4.2025` (Germany, Switzerland, much of Europe).
    case dayFirstDots = "D.M.YYYY"

    /// Parses a `--date-format` value: `ISO` (or `YYYY-MM-DD`), `M/D/YYYY` (`MM/DD/YYYY`, `US`),
    /// `D/M/YYYY` (`DD/MM/YYYY`), `D.M.YYYY` (`DD.MM.YYYY`), case-insensitive.
    public init?(parsing text: String) {
        switch text.trimmingWhitespace().uppercased() {
        case "ISO", "YYYY-MM-DD", "ISO8601", "ISO 8601": self = .iso
        case "M/D/YYYY", "MM/DD/YYYY", "M/D/YY", "MM/DD/YY", "US": self = .monthFirst
        case "D/M/YYYY", "DD/MM/YYYY", "D/M/YY", "DD/MM/YY": self = .dayFirst
        case "D.M.YYYY", "DD.MM.YYYY", "D.M.YY", "DD.MM.YY": self = .dayFirstDots
        default: return nil
        }
    }

    /// The accepted values, for usage messages.
    public static let forms = "ISO, M/D/YYYY, D/M/YYYY or D.M.YYYY"

    public var description: String { rawValue }
}

extension CalendarDate {
    /// The parts of a CRM date (`4/30/2025`, `30.04.25`, `4/30/2025 3:15 PM`): the first and second
    /// numbers (1–2 digits each), the year (4 digits, or 2 read with the pivot of
    /// ``DateFormat``) and the separator; `nil` for anything else.
    static func numericParts<C: RandomAccessCollection>(_ u: C) -> (
        first: Int, second: Int, year: Int, separator: UInt8
    )? where C.Element == UInt8, C.Index == Int {
        var k = u.startIndex
        let end = u.endIndex
        func digits(_ max: Int) -> (value: Int, count: Int)? { Self.digits(u, at: &k, max: max) }
        guard let a = digits(2), k < end, u[k] == UInt8(ascii: "/") || u[k] == UInt8(ascii: ".") else { return nil }
        let sep = u[k]
        k += 1
        guard let b = digits(2), k < end, u[k] == sep else { return nil }
        k += 1
        guard let y = digits(4), y.count == 2 || y.count == 4 else { return nil }
        if k < end {
            // A time after a space (or `T`).
            guard u[k] == 0x20 || u[k] == UInt8(ascii: "T"), isTime(u, from: k + 1) else { return nil }
        }
        let year = y.count == 4 ? y.value : (y.value < 70 ? 2000 + y.value : 1900 + y.value)
        return (a.value, b.value, year, sep)
    }
}
