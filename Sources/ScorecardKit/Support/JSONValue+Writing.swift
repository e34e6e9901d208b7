/// Rendering a ``JSONValue`` as text, deterministically.
extension JSONValue {
    /// The value as JSON text: objects keep their key order, numbers use the shortest form that
    /// reads back to the same `Double` (integers without a fraction), strings escape every control
    /// character. `pretty` indents by two spaces and ends with a newline.
    ///
    /// - Complexity: O(size of the output).
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out += "\n" }
        return out
    }

    /// The value as an element of a pretty array at nesting `level`: indented like
    /// ``rendered(pretty:)`` writes it there, with no line end (for writing a long array a piece
    /// at a time).
    func renderedElement(level: Int) -> String {
        var out = String(repeating: "  ", count: level)
        write(to: &out, indent: level)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(x): out += JSONValue.format(x)
        case let .string(s): JSONValue.writeString(s, to: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            // Arrays of scalars stay on one line; they read better that way.
            let flat = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if flat || indent == nil {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += indent == nil ? "," : ", " }
                    item.write(to: &out, indent: nil)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent! + 1)
                item.write(to: &out, indent: indent! + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent!) + "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            guard let level = indent else {
                out += "{"
                for (i, (k, v)) in members.enumerated() {
                    if i > 0 { out += "," }
                    JSONValue.writeString(k, to: &out)
                    out += ":"
                    v.write(to: &out, indent: nil)
                }
                out += "}"
                return
            }
            out += "{\n"
            for (i, (k, v)) in members.enumerated() {
                out += String(repeating: "  ", count: level + 1)
                JSONValue.writeString(k, to: &out)
                out += ": "
                v.write(to: &out, indent: level + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: level) + "}"
        }
    }

    /// The JSON text of a number: integers up to 2^53 without a fraction, others in Swift's
    /// shortest round-trip form. Non-finite values become `null`.
    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 9.007_199_254_740_992e15 {
            return x == 0 ? "0" : String(Int64(x))
        }
        return "\(x)"
    }

    /// Appends ``format(_:)``'s text of `x` to `out` (whole numbers digit by digit, without a
    /// String).
    static func appendFormatted(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite, x == x.rounded(), abs(x) < 9.007_199_254_740_992e15 else { out += format(x).utf8; return }
        var v = Int64(x)
        if v == 0 { out.append(0x30); return }
        if v < 0 { out.append(0x2D); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(v % 10) + 0x30; v /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            if let e = shortEscape(scalar) { out += e; continue }
            switch scalar {
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
