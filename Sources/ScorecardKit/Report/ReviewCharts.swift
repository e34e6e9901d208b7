/// The charts of the HTML review, each drawn from the review's own numbers.
public enum ReviewCharts {
    /// Every chart as (file name, standalone SVG): `distribution.svg`, `recall-precision.svg`,
    /// `points.svg`, `roc.svg`, `calibration.svg`.
    public static func all(_ r: ReviewResult) -> [(name: String, svg: String)] {
        [
            ("distribution.svg", distribution(r)), ("recall-precision.svg", recallPrecision(r)),
            ("points.svg", points(r)),
            ("roc.svg", roc(r)), ("calibration.svg", calibration(r)),
        ].filter { !$0.1.isEmpty }.map { ($0.0, $0.1 + "\n") }
    }

    /// Score distributions of won and lost deals (share of each outcome per bin) with the
    /// threshold line.
    static func distribution(_ r: ReviewResult) -> String {
        let c = r.revised.sweep.cells
        guard let lo = c.first?.score, let hi = c.last?.score else { return "" }
        let bins = 20
        let width = max((hi - lo) / Double(bins), 1e-9)
        var won = [Double](repeating: 0, count: bins)
        var lost = won
        for cell in c {
            let k = min(bins - 1, Int((cell.score - lo) / width))
            won[k] += cell.won / r.revised.sweep.totalWon
            lost[k] += cell.lost / r.revised.sweep.totalLost
        }
        var chart = SVGChart(
            title: "Revised card: scores of won and lost deals", xLabel: "score", yLabel: "share of deals",
            x: lo...(hi + width), y: 0...max(won.max() ?? 0, lost.max() ?? 0) * 1.1)
        for k in 0..<bins {
            let x0 = lo + Double(k) * width
            chart.bar(x0 + width * 0.05, x0 + width * 0.5, lost[k], style: .lost)
            chart.bar(x0 + width * 0.5, x0 + width * 0.95, won[k], style: .won)
        }
        chart.legendEntry("won", style: .won)
        chart.legendEntry("lost", style: .lost)
        chart.verticalMarker(r.revisedCard.threshold, label: "SQL at \(JSONValue.format(r.revisedCard.threshold))")
        return chart.render(percentY: true)
    }

    /// Recall and precision against the threshold, with the recall target and the chosen threshold.
    static func recallPrecision(_ r: ReviewResult) -> String {
        let rows = r.revised.sweep.rows.reversed()
        guard let lo = rows.first?.threshold, let hi = rows.last?.threshold else { return "" }
        var chart = SVGChart(
            title: "Recall and SQL-to-won rate by threshold (revised card)", xLabel: "threshold (score at or above)",
            yLabel: "share",
            x: lo...hi, y: 0...1)
        chart.line(rows.map { ($0.threshold, $0.recall) }, style: .revised, label: "recall (won deals at or above)")
        chart.line(rows.map { ($0.threshold, $0.precision) }, style: .current, label: "SQL-to-won rate")
        if case .recall(let target) = r.rule {
            chart.horizontalMarker(target, label: "\(NumberFormatting.percent(target, 0)) of won deals")
        }
        chart.verticalMarker(r.revisedCard.threshold, label: JSONValue.format(r.revisedCard.threshold))
        return chart.render(percentY: true)
    }

    /// ROC curves of the current and revised cards.
    static func roc(_ r: ReviewResult) -> String {
        func points(_ s: ThresholdSweep) -> [(Double, Double)] {
            [(0, 0)] + s.rows.map { ($0.lost / s.totalLost, $0.recall) }
        }
        var chart = SVGChart(
            title: "ROC: current and revised card (in-sample)", xLabel: "share of lost deals at or above",
            yLabel: "share of won deals at or above",
            x: 0...1, y: 0...1)
        chart.line([(0, 0), (1, 1)], style: .reference, label: "chance")
        chart.line(
            points(r.current.sweep), style: .current, label: "current, AUC \(NumberFormatting.fixed(r.current.auc, 3))")
        chart.line(
            points(r.revised.sweep), style: .revised, label: "revised, AUC \(NumberFormatting.fixed(r.revised.auc, 3))")
        return chart.render(percentX: true, percentY: true)
    }

    /// Predicted against observed win rate by score band (the review's ``ReviewResult/calibration``:
    /// on the held-out quarter when there is one), with each band's 95% interval.
    static func calibration(_ r: ReviewResult) -> String {
        guard let meaning = r.calibration, !meaning.bands.isEmpty else { return "" }
        let bands = meaning.bands
        var chart = SVGChart(
            title: "Calibration: predicted and observed win rate by score band", xLabel: "predicted win rate",
            yLabel: "observed win rate",
            x: 0...1, y: 0...1)
        chart.line([(0, 0), (1, 1)], style: .reference, label: "perfect calibration")
        chart.line(
            bands.map { ($0.predicted, $0.observed) }, style: .revised,
            label: "revised card by score band, \(meaning.on.rawValue)")
        for b in bands {
            chart.dot(at: (b.predicted, b.observed), style: .won)
            chart.line(
                [(b.predicted, b.interval.lowerBound), (b.predicted, b.interval.upperBound)], style: .reference,
                label: nil)
        }
        return chart.render(percentX: true, percentY: true)
    }

    /// Old and new points per rule (the decisions, in card order), as paired horizontal bars,
    /// with the 95% interval of the fitted points as a whisker; a dropped rule has no new bar.
    static func points(_ r: ReviewResult) -> String {
        let decisions = r.decisions
        guard !decisions.isEmpty else { return "" }
        let intervals = Dictionary(
            r.changes.compactMap { c in c.pointsInterval.map { (c.rule.id, $0) } }, uniquingKeysWith: { a, _ in a })
        var values: [Double] = [0]
        for d in decisions {
            values.append(d.oldPoints ?? 0)
            values.append(d.newPoints ?? 0)
        }
        for i in intervals.values where i.lowerBound.isFinite && i.upperBound.isFinite {
            values.append(i.lowerBound)
            values.append(i.upperBound)
        }
        let lo = values.min()!
        let hi = values.max()!
        let pad = (hi - lo) * 0.05 + 1
        // The rule ids are the y labels: the margin fits the longest, and the chart widens so the
        // plot keeps 400 points of width (an id past 500 is cut with "…").
        let labels = decisions.reversed().map { $0.id + ($0.action == .drop ? " (dropped)" : "") }
        let longest = labels.map { SVGChart.textWidth($0, fontSize: 11) }.max() ?? 30
        var chart = SVGChart(
            title: "Points per rule: current, revised and the fitted interval", xLabel: "points", yLabel: "",
            x: (lo - pad)...(hi + pad), y: -0.5...(Double(decisions.count) - 0.5),
            height: 80 + 26 * Double(decisions.count),
            left: min(500, longest + 14))
        chart.width = max(chart.width, chart.left + 400)
        // Top to bottom in card order.
        for (k, d) in decisions.enumerated() {
            let row = Double(decisions.count - 1 - k)
            chart.horizontalBar(row: row + 0.18, thickness: 0.32, value: d.oldPoints ?? 0, style: .lost)
            if let new = d.newPoints { chart.horizontalBar(row: row - 0.18, thickness: 0.32, value: new, style: .won) }
            if let i = intervals[d.id], i.lowerBound.isFinite, i.upperBound.isFinite {
                chart.line([(i.lowerBound, row - 0.18), (i.upperBound, row - 0.18)], style: .reference, label: nil)
            }
        }
        chart.legendEntry("current", style: .lost)
        chart.legendEntry("revised", style: .won)
        return chart.render(yTickLabels: labels)
    }
}
