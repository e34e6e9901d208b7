/// Rendering a ``JSONValue`` as text, deterministically.
extension JSONValue {
    /// The value as JSON text: objects keep their key order, numbers use the shortest form that
    /// reads back to the same `Double` (integers without a fraction), strings escape every control
    /// character. `pretty` indents by two spaces and ends with a newline.
    ///
    /// - Complexity: O(size of the output).
    public func rendered(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value as an element of a pretty array at nesting `level`: indented like
    /// ``rendered(pretty:)`` writes it there, with no line end (for writing a long array a piece
    /// at a time).
    func renderedElement(level: Int) -> String {
        var out: [UInt8] = []
        Self.indent(level, &out)
        write(to: &out, indent: level)
        return String(decoding: out, as: UTF8.self)
    }

    /// Two spaces per level.
    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        for _ in 0..<(2 * level) { out.append(0x20) }
    }

    /// Writes the text as UTF-8 bytes (Strings appended piece by piece cost most of the time of a
    /// large document).
    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let x): JSONValue.appendFormatted(x, to: &out)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            // Arrays of scalars stay on one line; they read better that way.
            let flat = items.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                return true
            }
            if flat || indent == nil {
                out.append(0x5B)
                for (i, item) in items.enumerated() {
                    if i > 0 {
                        out.append(0x2C)
                        if indent != nil { out.append(0x20) }
                    }
                    item.write(to: &out, indent: nil)
                }
                out.append(0x5D)
                return
            }
            out += "[\n".utf8
            for (i, item) in items.enumerated() {
                Self.indent(indent! + 1, &out)
                item.write(to: &out, indent: indent! + 1)
                out += (i + 1 < items.count ? ",\n" : "\n").utf8
            }
            Self.indent(indent!, &out)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty {
                out += "{}".utf8
                return
            }
            guard let level = indent else {
                out.append(0x7B)
                for (i, (k, v)) in members.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    JSONValue.writeString(k, to: &out)
                    out.append(0x3A)
                    v.write(to: &out, indent: nil)
                }
                out.append(0x7D)
                return
            }
            out += "{\n".utf8
            for (i, (k, v)) in members.enumerated() {
                Self.indent(level + 1, &out)
                JSONValue.writeString(k, to: &out)
                out += ": ".utf8
                v.write(to: &out, indent: level + 1)
                out += (i + 1 < members.count ? ",\n" : "\n").utf8
            }
            Self.indent(level, &out)
            out.append(0x7D)
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
        guard x.isFinite, x == x.rounded(), abs(x) < 9.007_199_254_740_992e15 else {
            out += format(x).utf8
            return
        }
        var v = Int64(x)
        if v == 0 {
            out.append(0x30)
            return
        }
        if v < 0 {
            out.append(0x2D)
            v = -v
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(v % 10) + 0x30
                v /= 10
                n += 1
            }
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    /// Appends `s` as a JSON string: quotes, backslashes and the control characters escaped, and
    /// U+2028 and U+2029 (line breaks to JavaScript); everything else as its UTF-8.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = s
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if let e = shortEscape(Unicode.Scalar(b)) {
                        out += e.utf8
                    } else if b < 0x20 || b == 0x7F {
                        let hex = Array("0123456789abcdef".utf8)
                        out += "\\u00".utf8
                        out.append(hex[Int(b >> 4)])
                        out.append(hex[Int(b & 15)])
                    } else {
                        out.append(b)
                    }
                    i += 1
                } else if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80,
                    bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9
                {
                    out += (bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8
                    i += 3
                } else {
                    out.append(b)
                    i += 1
                }
            }
        }
        out.append(0x22)
    }
}
