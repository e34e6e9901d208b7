/// A small line-and-bar chart drawn as inline SVG, for the HTML review.
///
/// Styles survive greyscale printing: series differ by dash pattern and marker as well as by
/// colour, and every text from the data is escaped. The output is well-formed XML.
struct SVGChart {
    /// How a series is drawn.
    struct Style {
        var stroke: String
        var dash: String? = nil
        var fill: String? = nil
        var width: Double = 2

        static let revised = Style(stroke: "#1f4e79", width: 2.5)
        static let current = Style(stroke: "#6b6b6b", dash: "6 4", width: 2)
        static let reference = Style(stroke: "#9a9a9a", dash: "2 3", width: 1)
        static let won = Style(stroke: "#1f4e79", fill: "#1f4e79", width: 1)
        static let lost = Style(stroke: "#555555", fill: "#d9d9d9", width: 1)
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>
    var width = 640.0, height = 300.0
    var left = 60.0
    let right = 18.0, top = 34.0, bottom = 46.0
    private var body = ""
    private var legend: [(String, Style)] = []

    /// The width a text takes at `fontSize`, from above: a sans-serif's advance widths bounded by
    /// class (DejaVu Sans, the widest common default: narrow punctuation and i, l, j about 0.35
    /// em; f, r, t, brackets and the hyphen 0.5 em; lowercase, digits and `_` at most 0.65 em;
    /// capitals 0.8 em; m, w, M, W and every other sign 1 em). Labels are laid out from it, so a label never runs
    /// off the chart or into another whatever font the browser picks for `system-ui`.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for c in text {
            switch c {
            case "i", "j", "l", ".", ",", ":", ";", "|", "'", " ": em += 0.35
            case "f", "r", "t", "(", ")", "[", "]", "-", "/", "!", "*", "?": em += 0.5
            case "m", "w", "M", "W": em += 1
            default:
                // Other letters and digits; anything else (%, +, =, arrows, dashes) a full em.
                if c.isASCII, c.isLetter || c.isNumber || c == "_" { em += c.isUppercase ? 0.8 : 0.65 } else { em += 1 }
            }
        }
        return em * fontSize
    }

    /// `text` cut with "…" to fit `width` at `fontSize`.
    static func fitted(_ text: String, width: Double, fontSize: Double) -> String {
        guard textWidth(text, fontSize: fontSize) > width else { return text }
        var cut = text
        while !cut.isEmpty, textWidth(cut + "…", fontSize: fontSize) > width { cut.removeLast() }
        return cut + "…"
    }

    init(
        title: String, xLabel: String, yLabel: String, x: ClosedRange<Double>, y: ClosedRange<Double>,
        height: Double = 300, left: Double = 60
    ) {
        self.left = left
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x.lowerBound == x.upperBound ? (x.lowerBound - 1)...(x.upperBound + 1) : x
        self.y = y.lowerBound == y.upperBound ? (y.lowerBound - 1)...(y.upperBound + 1) : y
        self.height = height
    }

    func px(_ v: Double) -> Double {
        left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * (width - left - right)
    }
    func py(_ v: Double) -> Double {
        height - bottom - (v - y.lowerBound) / (y.upperBound - y.lowerBound) * (height - top - bottom)
    }
    static func f(_ v: Double) -> String { NumberFormatting.fixed(v, 1) }

    func attributes(_ s: Style) -> String {
        var a = "stroke=\"\(s.stroke)\" stroke-width=\"\(Self.f(s.width))\" fill=\"\(s.fill ?? "none")\""
        if let d = s.dash { a += " stroke-dasharray=\"\(d)\"" }
        return a
    }

    /// A polyline through `points`.
    mutating func line(_ points: [(Double, Double)], style: Style, label: String? = nil) {
        guard !points.isEmpty else { return }
        body +=
            "<polyline \(attributes(style)) points=\""
            + points.map { "\(Self.f(px($0.0))),\(Self.f(py($0.1)))" }.joined(separator: " ") + "\"/>\n"
        if let label { legend.append((label, style)) }
    }

    /// A bar from x0 to x1 rising to y.
    mutating func bar(_ x0: Double, _ x1: Double, _ yValue: Double, style: Style) {
        let top = py(max(yValue, y.lowerBound))
        let base = py(max(y.lowerBound, min(0, y.upperBound)))
        body +=
            "<rect \(attributes(style)) x=\"\(Self.f(px(x0)))\" y=\"\(Self.f(min(top, base)))\" width=\"\(Self.f(max(0.5, px(x1) - px(x0))))\" height=\"\(Self.f(abs(base - top)))\"/>\n"
    }

    /// A horizontal bar (for per-rule charts): from 0 to `value` at band `row` of `rows`.
    mutating func horizontalBar(row: Double, thickness: Double, value: Double, style: Style) {
        let x0 = px(min(0, value))
        let x1 = px(max(0, value))
        body +=
            "<rect \(attributes(style)) x=\"\(Self.f(x0))\" y=\"\(Self.f(py(row + thickness / 2)))\" width=\"\(Self.f(max(0.5, x1 - x0)))\" height=\"\(Self.f(abs(py(row - thickness / 2) - py(row + thickness / 2))))\"/>\n"
    }

    /// A vertical marker line at x with a label.
    mutating func verticalMarker(_ value: Double, label: String) {
        let xp = px(value)
        body +=
            "<line x1=\"\(Self.f(xp))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(xp))\" y2=\"\(Self.f(height - bottom))\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n"
        // Right of the line, or left of it when the label would leave the chart.
        let fits = xp + 4 + Self.textWidth(label, fontSize: 12) <= width - right
        body +=
            "<text x=\"\(Self.f(fits ? xp + 4 : xp - 4))\" y=\"\(Self.f(top + 12))\" font-size=\"12\"\(fits ? "" : " text-anchor=\"end\"")>\(TextEscaping.html(label))</text>\n"
    }

    /// A horizontal marker line at y with a label.
    mutating func horizontalMarker(_ value: Double, label: String) {
        let yp = py(value)
        body +=
            "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(yp))\" x2=\"\(Self.f(width - right))\" y2=\"\(Self.f(yp))\" \(attributes(.reference))/>\n"
        body +=
            "<text x=\"\(Self.f(left + 4))\" y=\"\(Self.f(yp - 4))\" font-size=\"11\">\(TextEscaping.html(label))</text>\n"
    }

    /// A dot at data coordinates.
    mutating func dot(at point: (Double, Double), style: Style) {
        body += "<circle cx=\"\(Self.f(px(point.0)))\" cy=\"\(Self.f(py(point.1)))\" r=\"4\" \(attributes(style))/>\n"
    }

    /// Adds a legend entry without drawing.
    mutating func legendEntry(_ text: String, style: Style) { legend.append((text, style)) }

    /// Tick values: about five round numbers across a range.
    static func ticks(_ r: ClosedRange<Double>) -> [Double] {
        let span = r.upperBound - r.lowerBound
        guard span > 0, span.isFinite else { return [r.lowerBound] }
        let raw = span / 5
        let magnitude = _pow(10, (_log(raw) / _log(10)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = (r.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while t <= r.upperBound + step * 1e-9 {
            out.append(t)
            t += step
        }
        return out
    }

    /// The chart as an `<svg>` element.
    func render(percentX: Bool = false, percentY: Bool = false, yTickLabels: [String]? = nil) -> String {
        func tick(_ v: Double, percent: Bool) -> String {
            percent ? NumberFormatting.fixed(v * 100, 0) + "%" : JSONValue.format((v * 100).rounded() / 100)
        }
        // The legend: entries in rows under the title, right-aligned, as many rows as they need;
        // the plot moves down by those rows.
        let entryWidths = legend.map { 24 + Self.textWidth($0.0, fontSize: 11) + 14 }
        var rows: [[Int]] = []
        var rowWidth = 0.0
        for k in legend.indices {
            if rows.isEmpty || rowWidth + entryWidths[k] > width - left - right {
                rows.append([])
                rowWidth = 0
            }
            rows[rows.count - 1].append(k)
            rowWidth += entryWidths[k]
        }
        let shift = Double(rows.count) * 16
        let fullHeight = height + shift
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(fullHeight))\" width=\"100%\" role=\"img\" aria-label=\"\(TextEscaping.html(title))\" font-family=\"system-ui, sans-serif\">\n"
        s += "<title>\(TextEscaping.html(title))</title>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Self.f(width))\" height=\"\(Self.f(fullHeight))\" fill=\"#ffffff\"/>\n"
        s +=
            "<text x=\"\(Self.f(left))\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(TextEscaping.html(Self.fitted(title, width: width - left - right, fontSize: 14)))</text>\n"
        for (r, row) in rows.enumerated() {
            var lx = width - right - row.reduce(0) { $0 + entryWidths[$1] } + 14
            let ly = 22 + 16 * Double(r + 1) - 4
            for k in row {
                let (text, style) = legend[k]
                if style.fill != nil && style.fill != "none" {
                    s +=
                        "<rect x=\"\(Self.f(lx))\" y=\"\(Self.f(ly - 8))\" width=\"18\" height=\"10\" \(attributes(style))/>\n"
                } else {
                    s +=
                        "<line x1=\"\(Self.f(lx))\" y1=\"\(Self.f(ly - 3))\" x2=\"\(Self.f(lx + 18))\" y2=\"\(Self.f(ly - 3))\" \(attributes(style))/>\n"
                }
                s +=
                    "<text x=\"\(Self.f(lx + 24))\" y=\"\(Self.f(ly + 1))\" font-size=\"11\">\(TextEscaping.html(text))</text>\n"
                lx += entryWidths[k]
            }
        }
        s += shift > 0 ? "<g transform=\"translate(0 \(Self.f(shift)))\">\n" : "<g>\n"
        // Axes and grid.
        for t in Self.ticks(x) {
            let xp = px(t)
            s +=
                "<line x1=\"\(Self.f(xp))\" y1=\"\(Self.f(height - bottom))\" x2=\"\(Self.f(xp))\" y2=\"\(Self.f(height - bottom + 4))\" stroke=\"#000000\"/>\n"
            s +=
                "<text x=\"\(Self.f(xp))\" y=\"\(Self.f(height - bottom + 18))\" font-size=\"11\" text-anchor=\"middle\">\(tick(t, percent: percentX))</text>\n"
        }
        if let labels = yTickLabels {
            for (k, text) in labels.enumerated() {
                s +=
                    "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(py(Double(k)) + 4))\" font-size=\"11\" text-anchor=\"end\">\(TextEscaping.html(Self.fitted(text, width: left - 10, fontSize: 11)))</text>\n"
            }
        } else {
            for t in Self.ticks(y) {
                let yp = py(t)
                s +=
                    "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(yp))\" x2=\"\(Self.f(width - right))\" y2=\"\(Self.f(yp))\" stroke=\"#e6e6e6\"/>\n"
                s +=
                    "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(yp + 4))\" font-size=\"11\" text-anchor=\"end\">\(tick(t, percent: percentY))</text>\n"
            }
        }
        s +=
            "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(height - bottom))\" x2=\"\(Self.f(width - right))\" y2=\"\(Self.f(height - bottom))\" stroke=\"#000000\"/>\n"
        s +=
            "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(left))\" y2=\"\(Self.f(height - bottom))\" stroke=\"#000000\"/>\n"
        s +=
            "<text x=\"\(Self.f((left + width - right) / 2))\" y=\"\(Self.f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">\(TextEscaping.html(xLabel))</text>\n"
        if !yLabel.isEmpty {
            s +=
                "<text x=\"14\" y=\"\(Self.f((top + height - bottom) / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(Self.f((top + height - bottom) / 2)))\">\(TextEscaping.html(yLabel))</text>\n"
        }
        s += body
        s += "</g>\n"
        return s + "</svg>"
    }
}
