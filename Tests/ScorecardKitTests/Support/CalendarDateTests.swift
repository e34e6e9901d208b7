import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// Day numbers, labels and ISO parsing of `CalendarDate`.
@Suite struct CalendarDateTests {
    /// Gregorian leap years, written out independently of the code under test.
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func length(_ m: Int, _ y: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    @Test func knownDayNumbers() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(CalendarDate(year: 1970, month: 1, day: 2)?.dayNumber == 1)
        // 1970–1999 is 30 years with 7 leap days (1972 … 1996): 30·365 + 7 = 10957 → 2000-01-01.
        #expect(CalendarDate(year: 2000, month: 1, day: 1)?.dayNumber == 10957)
        // + 31 (January) + 29 (February 2000 is a leap month: 2000 is divisible by 400) = 11017.
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.dayNumber == 11017)
        #expect(CalendarDate(year: 2000, month: 2, day: 29)?.dayNumber == 11016)
        // 1970–2099 is 130 years with 32 leap days (1972 … 2096): 130·365 + 32 = 47482 → 2100-01-01.
        #expect(CalendarDate(year: 2100, month: 1, day: 1)?.dayNumber == 47482)
        // 2100 is not a leap year: Feb 28 is day 31 + 27 after Jan 1 and Mar 1 follows it directly.
        #expect(CalendarDate(year: 2100, month: 2, day: 28)?.dayNumber == 47482 + 58)
        #expect(CalendarDate(year: 2100, month: 3, day: 1)?.dayNumber == 47482 + 59)
        #expect(CalendarDate(year: 2100, month: 2, day: 29) == nil)
        // 1900-01-01: 70 years back with 17 leap days (1904 … 1968; 1900 is not one).
        #expect(CalendarDate(year: 1900, month: 1, day: 1)?.dayNumber == -(70 * 365 + 17))
    }

    @Test func validAndInvalidDays() {
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2025, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2025, month: 12, day: 31) != nil)
        #expect(CalendarDate(year: 2025, month: 0, day: 1) == nil)
        #expect(CalendarDate(year: 2025, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 2025, month: 1, day: 0) == nil)
        #expect(CalendarDate(year: 2025, month: 1, day: 32) == nil)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29")?.dayNumber == 11016)
    }

    /// Walks the calendar one day at a time from 1970-01-01 (day 0) forward to 2401 and back to
    /// 1599, with its own month lengths, and checks both directions of the conversion.
    @Test func roundTripAgainstADayByDayWalk() throws {
        var (y, m, d, n) = (1970, 1, 1, 0)
        while y < 2401 {
            guard let date = CalendarDate(year: y, month: m, day: d) else {
                Issue.record("\(y)-\(m)-\(d) rejected")
                return
            }
            guard date.dayNumber == n else {
                Issue.record("\(y)-\(m)-\(d): day \(date.dayNumber), want \(n)")
                return
            }
            let c = CalendarDate(dayNumber: n).components
            guard c == (y, m, d) else {
                Issue.record("day \(n): \(c), want \(y)-\(m)-\(d)")
                return
            }
            d += 1
            n += 1
            if d > Self.length(m, y) {
                d = 1
                m += 1
            }
            if m > 12 {
                m = 1
                y += 1
            }
        }
        #expect(n == CalendarDate(year: 2401, month: 1, day: 1)?.dayNumber)
        (y, m, d, n) = (1969, 12, 31, -1)
        while y >= 1599 {
            guard let date = CalendarDate(year: y, month: m, day: d) else {
                Issue.record("\(y)-\(m)-\(d) rejected")
                return
            }
            guard date.dayNumber == n else {
                Issue.record("\(y)-\(m)-\(d): day \(date.dayNumber), want \(n)")
                return
            }
            let c = CalendarDate(dayNumber: n).components
            guard c == (y, m, d) else {
                Issue.record("day \(n): \(c), want \(y)-\(m)-\(d)")
                return
            }
            d -= 1
            n -= 1
            if d == 0 {
                m -= 1
                if m == 0 {
                    m = 12
                    y -= 1
                }
                d = Self.length(m, y)
            }
        }
        // 400 Gregorian years hold exactly 146097 days.
        let a = try #require(CalendarDate(iso: "1600-03-01"))
        let b = try #require(CalendarDate(iso: "2000-03-01"))
        #expect(b.daysSince(a) == 146_097)
    }

    @Test func descriptionAndISORoundTrip() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let n = rng.nextInt(below: 200_000) - 100_000  // about 1696 … 2243
            let date = CalendarDate(dayNumber: n)
            let text = date.description
            #expect(text.count == 10)
            #expect(CalendarDate(iso: text) == date, "\(text)")
        }
        #expect(CalendarDate(dayNumber: 0).description == "1970-01-01")
        #expect(CalendarDate(dayNumber: -1).description == "1969-12-31")
        #expect(CalendarDate(dayNumber: 11017).description == "2000-03-01")
    }

    @Test func quarterAndMonthLabels() throws {
        let cases: [(String, String, String)] = [
            ("2025-01-01", "2025-Q1", "2025-01"), ("2025-03-31", "2025-Q1", "2025-03"),
            ("2025-04-01", "2025-Q2", "2025-04"), ("2025-06-30", "2025-Q2", "2025-06"),
            ("2025-07-01", "2025-Q3", "2025-07"), ("2025-09-30", "2025-Q3", "2025-09"),
            ("2025-10-01", "2025-Q4", "2025-10"), ("2025-12-31", "2025-Q4", "2025-12"),
            ("1969-12-31", "1969-Q4", "1969-12"),
        ]
        for (iso, quarter, month) in cases {
            let d = try #require(CalendarDate(iso: iso))
            #expect(d.quarterLabel == quarter, "\(iso)")
            #expect(d.monthLabel == month, "\(iso)")
        }
    }

    @Test func parsingWithTimes() throws {
        let day = try #require(CalendarDate(year: 2025, month: 7, day: 1))
        #expect(CalendarDate(iso: "2025-07-01") == day)
        #expect(CalendarDate(iso: "2025-07-01T14:03:00Z") == day)
        #expect(CalendarDate(iso: "2025-07-01T23:59:59.999+05:00") == day)
        #expect(CalendarDate(iso: "2025-07-01 14:03") == day)
        // Substrings parse too (the deal table hands over slices of a line).
        let line = "x,2025-07-01,y"
        #expect(CalendarDate(iso: line.split(separator: ",")[1]) == day)
    }

    @Test(arguments: [
        "2025-7-1", "2025-07-1", "2025-13-01", "2025-00-10", "2025-07-32", "2025-06-31", "25-07-01",
        "2025/07/01", "20250701", "2025-07-01Z", "2025-07-01x", "", "abcd-ef-gh", "2025-0a-01", " 2025-07-01",
        "2025-0/-01", "20:5-07-01", "2025-07-0 ", "2025-07-0\u{0}",
    ])
    func rejects(_ text: String) {
        #expect(CalendarDate(iso: text) == nil, "\(text)")
    }

    @Test func arithmeticAndOrder() throws {
        let a = try #require(CalendarDate(iso: "2025-06-01"))
        let b = try #require(CalendarDate(iso: "2025-07-01"))
        #expect(b.daysSince(a) == 30)
        #expect(a.daysSince(b) == -30)
        #expect(a.adding(days: 30) == b)
        #expect(a < b)
        #expect(try #require(CalendarDate(iso: "2024-12-31")).adding(days: 1) == CalendarDate(iso: "2025-01-01"))
        // 2024 is a leap year: 366 days to the next New Year.
        #expect(
            try #require(CalendarDate(iso: "2025-01-01")).daysSince(try #require(CalendarDate(iso: "2024-01-01")))
                == 366)
    }
}
