/// How the review words the values the stages before it return: each stage gives numbers and
/// types (an interval, a cost, a band's counts), and the sentences a reader sees are composed here,
/// once, for every renderer (text, Markdown, HTML) and for the commands that print one of them.

extension ThresholdInterval {
    /// A plain-English reading of the interval's width: with a small history the threshold could
    /// sit almost anywhere, and the reader should know before acting on it.
    public func reading(deals: Int) -> String {
        let lo = JSONValue.format(threshold.lowerBound)
        let hi = JSONValue.format(threshold.upperBound)
        let width = threshold.upperBound - threshold.lowerBound
        let span =
            lo == hi
            ? "the threshold is \(lo) in at least 95% of \(resamples) bootstrap resamples"
            : "the threshold could plausibly be anywhere from \(lo) to \(hi) (95% bootstrap interval, \(resamples) resamples)"
        if deals < 100 || width > 20 {
            return "With \(deals) deals \(span): treat the chosen number as a starting point, not a finding."
        }
        return "The data pin the threshold well: \(span)."
    }
}

extension ScoreMeaning {
    /// A sentence for a salesperson, from the observed win rate of the band around `score`:
    /// "A lead at 80 points has won about 1 in 3 times (12 of 35 deals scored 70–89); the curve
    /// puts it at 31%." The rate is read as the simplest fraction (see ``plainFraction(_:)``).
    public func sentence(score: Double) -> String {
        let points = JSONValue.format(score)
        guard let b = band(containing: score) else { return "No closed deals to say what \(points) points means." }
        let count =
            "\(JSONValue.format(b.won)) of \(JSONValue.format(b.deals)) deals scored "
            + (b.scoreFrom == b.scoreTo
                ? JSONValue.format(b.scoreFrom) : "\(JSONValue.format(b.scoreFrom))–\(JSONValue.format(b.scoreTo))")
        let rate: String
        switch b.observed {
        case 0: rate = "has not won yet"
        case 1: rate = "has won every time"
        default:
            // A band of a few dozen deals is read as its counts; a simpler fraction only helps
            // when it has fewer parts than the counts themselves.
            let (a, n) = Self.plainFraction(b.observed)
            rate =
                Double(n) <= b.deals
                ? "has won about \(a) in \(n) times"
                : "has won \(JSONValue.format(b.won)) times in \(JSONValue.format(b.deals))"
        }
        let curvePercent = Int((100 * curve.probability(score)).rounded())
        return "A lead at \(points) points \(rate) (\(count)); the fitted curve puts it at \(curvePercent)%."
    }

    /// ``sentence(score:)`` saying where it was measured: "Out of time, a lead at 80 points…" on a
    /// held-out period, "In-sample, a lead…" on the deals the curve was fitted to.
    public func reading(score: Double) -> String {
        let s = sentence(score: score)
        guard let first = s.first else { return s }
        return (on == .holdout ? "Out of time, " : "In-sample, ") + first.lowercased() + s.dropFirst()
    }
}

extension LimitsCost {
    /// One sentence: what the limits cost.
    public var sentence: String {
        typealias F = NumberFormatting
        let reach = maxBefore.map { "from \(JSONValue.format($0)) " } ?? ""
        return
            "Keeping to \(limits) takes the highest reachable score \(reach)to \(maxAfter.map { JSONValue.format($0) } ?? "unbounded") and costs"
            + " \(F.fixed(logLossAfter - logLossBefore, 1)) in log loss (\(F.fixed(logLossBefore, 1)) → \(F.fixed(logLossAfter, 1))):"
            + " in-sample AUC \(F.fixed(aucBefore, 3)) → \(F.fixed(aucAfter, 3)), SQLs \(F.count(sqlsBefore)) → \(F.count(sqlsAfter)),"
            + " won deals at the threshold \(F.percent(recallBefore)) → \(F.percent(recallAfter)), threshold \(JSONValue.format(thresholdBefore)) → \(JSONValue.format(thresholdAfter))."
    }
}

extension RecentWonBar {
    /// One sentence for the reader: where the bar over the latest won deals sits, and how far the
    /// whole history's is from it.
    public func sentence(rule: ThresholdRule) -> String {
        let when = closed.map { " (closed \($0.lowerBound) to \($0.upperBound))" } ?? ""
        let bar = threshold.map { JSONValue.format($0) } ?? "no threshold"
        var s = "\(rule) is counted over the \(count) most recently closed won deals\(when): the bar is \(bar)"
        if let whole = wholeHistoryThreshold, let t = threshold {
            s +=
                whole == t
                ? ", the same as over every won deal"
                : "; over every won deal it would be \(JSONValue.format(whole)) (\(JSONValue.format(abs(t - whole))) points \(t > whole ? "lower" : "higher"))"
        }
        return s
    }
}

extension ReviewSampleSize {
    /// One or two sentences for the reader.
    public var sentence: String {
        typealias F = NumberFormatting
        let have = criteria.deals.map { F.count($0) } ?? "?"
        var s =
            "Deals needed to refit \(criteria.parameters) rule\(criteria.parameters == 1 ? "" : "s") (Riley et al. 2020: shrinkage \(F.count(Double(criteria.criteria.shrinkage))), optimism \(F.count(Double(criteria.criteria.optimism))), intercept \(F.count(Double(criteria.criteria.intercept))); win rate \(F.percent(criteria.prevalence)), anticipated R²cs \(F.fixed(criteria.anticipatedR2CS, 3)) \(r2Source == .fit ? "from this fit" : "by Riley's conservative default")): \(F.count(Double(criteria.minimumDeals))); this history has \(have)"
        s +=
            isEnough
            ? "."
            : ", too few: \(F.count(Double(criteria.minimumDeals) - (criteria.deals ?? 0))) more closed deals are needed before the refit can be trusted."
        if !isEnough, let id = biggestChange, let d = dealsToDistinguish {
            s +=
                d.additional == Int.max
                ? " The biggest change (\(id)) is so small against its uncertainty that no realistic number of deals would tell it from chance."
                : d.additional <= 0
                    ? " The biggest change (\(id)) is already distinguishable from chance on these deals; the other rules' points are what needs more."
                    : " The biggest change (\(id)) would be distinguishable from chance after about \(F.count(Double(d.additional))) more closed deals."
        }
        return s
    }
}

extension NextStepSummary {
    /// `In 2026-Q3, 120 deals were one behavior short of the bar; "Requested a demo" would have qualified 41 of them.`
    public var sentence: String {
        "In \(period), \(oneStepShort) \(oneStepShort == 1 ? "deal was" : "deals were") one behavior short of the bar; "
            + "\(quoted(label)) would have qualified \(wouldQualify) of them."
    }
}
