/// A calendar day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// Deal histories carry dates (`closed_at`, `scored_at`, `<signal>_at`) and nothing finer matters
/// for scoring: decay is measured in days and back-tests split by month or quarter. Keeping a day
/// number (instead of `Foundation.Date`) makes arithmetic exact and independent of time zones.
///
/// ```swift
/// let d = CalendarDate(iso: "2025-07-01")!
/// d.quarterLabel               // "2025-Q3"
/// d.daysSince(CalendarDate(iso: "2025-06-01")!)   // 30
/// ```
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int

    /// Creates a date from its day number.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Creates a date from year, month (1–12) and day (1–31); `nil` if the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year),
              (-9999...9999).contains(year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T…` or a space and anything after it,
    /// as CRM exports write `2025-07-01T14:03:00Z` or `2025-07-01 14:03`). The time is ignored:
    /// only the calendar day counts.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        if u.count > 10, u[10] != UInt8(ascii: "T"), u[10] != UInt8(ascii: " ") { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                guard (48...57).contains(u[k]) else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month and day (Hinnant's civil_from_days).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ w: Int) -> String { let s = String(abs(v)); return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// The quarter this day falls in, as `2025-Q3`.
    public var quarterLabel: String {
        let (y, m, _) = components
        return "\(y)-Q\((m - 1) / 3 + 1)"
    }

    /// The month this day falls in, as `2025-07`.
    public var monthLabel: String { String(description.prefix(description.hasPrefix("-") ? 8 : 7)) }

    /// Whole days from `other` to `self` (positive when `self` is later).
    public func daysSince(_ other: CalendarDate) -> Int { dayNumber - other.dayNumber }

    /// The date `days` later.
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
