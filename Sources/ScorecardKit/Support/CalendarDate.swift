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
            (-9999...9999).contains(year)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time (see ``init(isoBytes:)``): CRM exports
    /// write `2025-07-01T14:03:00Z`, `2025-07-01 14:03` or `2025-07-01T14:03:00+02:00`. Only the
    /// calendar day as written counts (no time-zone conversion).
    public init?(iso text: some StringProtocol) {
        self.init(isoBytes: Array(text.utf8))
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
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(abs(v))
            return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, w - s.count)) + s
        }
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

extension CalendarDate {
    /// Parses an ISO date from bytes: `YYYY-MM-DD`, optionally followed by `T` or a space and a
    /// time `H:MM` (optional `:SS` and fraction, optional `AM`/`PM`, optional zone `Z`, `±HH`,
    /// `±HH:MM`, `±HHMM`, ` UTC`, ` GMT`). `nil` for anything else.
    init?<C: RandomAccessCollection>(isoBytes u: C) where C.Element == UInt8, C.Index == Int {
        guard u.count >= 10 else { return nil }
        let s = u.startIndex
        guard u[s + 4] == UInt8(ascii: "-"), u[s + 7] == UInt8(ascii: "-") else { return nil }
        if u.count > 10 {
            guard u[s + 10] == UInt8(ascii: "T") || u[s + 10] == UInt8(ascii: " "), Self.isTime(u, from: s + 11) else {
                return nil
            }
        }
        // Each digit's value, and a byte > 9 for anything that is not a digit.
        let y0 = u[s] &- 0x30
        let y1 = u[s + 1] &- 0x30
        let y2 = u[s + 2] &- 0x30
        let y3 = u[s + 3] &- 0x30
        let m0 = u[s + 5] &- 0x30
        let m1 = u[s + 6] &- 0x30
        let d0 = u[s + 8] &- 0x30
        let d1 = u[s + 9] &- 0x30
        guard max(max(max(y0, y1), max(y2, y3)), max(max(m0, m1), max(d0, d1))) <= 9 else { return nil }
        self.init(
            year: Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3), month: Int(m0) * 10 + Int(m1),
            day: Int(d0) * 10 + Int(d1))
    }

    /// Reads up to `max` ASCII digits of `u` from `k` (advancing it): their value and how many
    /// there were, or `nil` when there is none.
    static func digits<C: RandomAccessCollection>(_ u: C, at k: inout Int, max: Int) -> (value: Int, count: Int)?
    where C.Element == UInt8, C.Index == Int {
        var n = 0
        var v = 0
        while k < u.endIndex, n < max, u[k] >= 0x30, u[k] <= 0x39 {
            v = v * 10 + Int(u[k] - 0x30)
            k += 1
            n += 1
        }
        return n > 0 ? (v, n) : nil
    }

    /// Whether bytes `from…` of `u` are a time of day as exports write it (see
    /// ``init(isoBytes:)``).
    static func isTime<C: RandomAccessCollection>(_ u: C, from start: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        var k = start
        let end = u.endIndex
        func digits(_ min: Int, _ max: Int) -> Int? {
            guard let d = Self.digits(u, at: &k, max: max), d.count >= min else { return nil }
            return d.value
        }
        func take(_ c: Character) -> Bool {
            if k < end, u[k] == c.asciiValue! {
                k += 1
                return true
            }
            return false
        }
        guard let h = digits(1, 2), h <= 24, take(":"), let m = digits(2, 2), m <= 59 else { return false }
        if take(":") {
            guard let sec = digits(2, 2), sec <= 60 else { return false }
            if take(".") || take(",") { guard digits(1, 9) != nil else { return false } }
        }
        // AM/PM, with or without a space before.
        var j = k
        if j < end, u[j] == 0x20 { j += 1 }
        if j + 2 <= end {
            let a = u[j] | 0x20
            let b = u[j + 1] | 0x20
            if (a == UInt8(ascii: "a") || a == UInt8(ascii: "p")) && b == UInt8(ascii: "m") { k = j + 2 }
        }
        if k == end { return true }
        // The zone.
        if take("Z") || take("z") { return k == end }
        if k < end, u[k] == UInt8(ascii: "+") || u[k] == UInt8(ascii: "-") {
            k += 1
            guard digits(2, 2) != nil else { return false }
            if take(":") { guard digits(2, 2) != nil else { return false } } else { _ = digits(2, 2) }
            return k == end
        }
        if u[k] == 0x20 {
            k += 1
            let rest = u[k..<end].map { $0 & 0xDF }
            return rest.elementsEqual("UTC".utf8) || rest.elementsEqual("GMT".utf8)
        }
        return false
    }

    /// The day in words, for messages: `5 April 2025`.
    var spelledOut: String {
        let (y, m, d) = components
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(d) \(months[m - 1]) \(y)"
    }
}
