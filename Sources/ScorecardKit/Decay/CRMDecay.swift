import Foundation

/// A half-life read as the decay settings CRMs let users set.
///
/// - HubSpot (lead scoring tool, engagement groups): "decay" lowers the score by a percentage
///   once per period of 1, 3, 6 or 12 months. A half-life h keeps 0.5^(d/h) of the points after
///   d days, so the reduction per period of d days is 1 − 0.5^(d/h) (months of 30.44 days, the
///   Gregorian mean). ``recommendedHubSpot`` is the shortest period whose reduction rounds to at
///   least 1% (the finest steps follow the curve most closely).
/// - Marketo: decay is a scheduled smart campaign that subtracts points after N days without the
///   activity. ``marketoSteps`` subtracts half the points after h days, a quarter more after 2h,
///   an eighth after 3h (rounded to whole points, the remainder after 4h), which meets the
///   exponential curve at each step.
/// - Continuous: retention per 30.44-day month is 0.5^(30.44/h).
public struct CRMDecay: Sendable, Equatable {
    /// One HubSpot setting: reduce by `percent` every `months` months.
    public struct HubSpotStep: Sendable, Equatable {
        /// The period: 1, 3, 6 or 12 months.
        public var months: Int
        /// The reduction per period, in percent (whole number, 0–100).
        public var percent: Int
    }

    /// The half-life in days.
    public var halfLifeDays: Double

    /// Days per month (365.2425 / 12).
    public static let daysPerMonth = 30.436875

    /// Creates the translation of half-life `halfLifeDays` (> 0).
    public init(halfLifeDays: Double) {
        precondition(halfLifeDays > 0, "a half-life must be positive")
        self.halfLifeDays = halfLifeDays
    }

    /// Share of points kept after one month: 0.5^(30.44 / h).
    public var monthlyRetention: Double { pow(0.5, Self.daysPerMonth / halfLifeDays) }

    /// The HubSpot reduction for each period HubSpot offers: 100·(1 − 0.5^(months·30.44/h)), rounded.
    public var hubSpot: [HubSpotStep] {
        [1, 3, 6, 12].map { m in
            HubSpotStep(
                months: m, percent: Int((100 * (1 - pow(0.5, Double(m) * Self.daysPerMonth / halfLifeDays))).rounded()))
        }
    }

    /// The shortest HubSpot period whose reduction is at least 1%.
    public var recommendedHubSpot: HubSpotStep { hubSpot.first { $0.percent >= 1 } ?? hubSpot.last! }

    /// Marketo decay campaign steps for a rule worth `points`: (days of inactivity, points to
    /// subtract) at h, 2h, 3h and 4h days: ½, ¼, ⅛ of the points, and what remains (rounded to
    /// whole points; steps of 0 points are left out).
    public func marketoSteps(points: Double) -> [(afterDays: Int, subtract: Int)] {
        let total = Int(points.rounded())
        var out: [(Int, Int)] = []
        var taken = 0
        for k in 1...4 {
            let keep = k < 4 ? Int((Double(total) * pow(0.5, Double(k))).rounded()) : 0
            let step = total - keep - taken
            taken += step
            if step != 0 { out.append((Int((Double(k) * halfLifeDays).rounded()), step)) }
        }
        return out
    }

    /// `{"halfLifeDays", "monthlyRetention", "hubspot": {"months", "percent"}, "hubspotOptions":
    /// [...], "marketo": "..."}`.
    public var json: JSONValue {
        .object([
            ("monthlyRetention", .finite(monthlyRetention)),
            (
                "hubspot",
                .object([
                    ("months", .number(Double(recommendedHubSpot.months))),
                    ("percent", .number(Double(recommendedHubSpot.percent))),
                ])
            ),
            (
                "hubspotOptions",
                .array(
                    hubSpot.map {
                        .object([("months", .number(Double($0.months))), ("percent", .number(Double($0.percent)))])
                    })
            ),
            ("marketo", .string(marketoSetting)),
        ])
    }

    /// The Marketo decay campaign in words: "subtract half the points after h days without the
    /// activity, a quarter more after 2h days" (the first two of ``marketoSteps(points:)``).
    public var marketoSetting: String {
        "subtract half the points after \(Int(halfLifeDays.rounded())) days without the activity, a quarter more after \(Int((2 * halfLifeDays).rounded())) days"
    }
}
