/// Writes RFC 4180 CSV: fields that hold the delimiter, a quote, a line break or leading/trailing
/// space are quoted, inner quotes doubled; lines end with LF.
///
/// When `guardFormulas` is on, a field starting with `=`, `+`, `-`, `@`, tab or CR that is not a
/// number is prefixed with `'`, so a spreadsheet shows it instead of running it (OWASP's advice
/// on CSV injection).
public struct CSVWriter: Sendable {
    /// The field separator.
    public var delimiter: Character
    /// Neutralize spreadsheet formulas in text fields.
    public var guardFormulas: Bool

    /// Creates a writer.
    public init(delimiter: Character = ",", guardFormulas: Bool = false) {
        self.delimiter = delimiter
        self.guardFormulas = guardFormulas
    }

    /// One field as it appears in the file.
    public func field(_ value: String) -> String {
        var v = value
        // Byte tests on the first and last bytes; Character properties only for non-ASCII ends.
        guard let firstByte = v.utf8.first else { return v }
        let formulaStart: Bool
        switch firstByte {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: formulaStart = true
        default: formulaStart = false
        }  // = + - @ tab CR
        if guardFormulas, formulaStart, SignalColumn.parseNumber(v) == nil {
            v = "'" + v
        }
        // One pass over the bytes (String's `contains(String)` goes through Foundation's search,
        // which dominated writing a million rows).
        let separator = delimiter.asciiValue
        var needsQuotes = separator == nil && v.contains(delimiter)
        if !needsQuotes {
            for b in v.utf8 where b == 0x22 || b == 0x0A || b == 0x0D || b == separator {
                needsQuotes = true
                break
            }
        }
        func space(_ b: UInt8, _ c: Character?) -> Bool {
            b < 0x80 ? b == 0x20 || (b >= 0x09 && b <= 0x0D) : c?.isWhitespace == true
        }
        if !needsQuotes, let f = v.utf8.first, let l = v.utf8.last {
            needsQuotes = space(f, f < 0x80 ? nil : v.first) || space(l, l < 0x80 ? nil : v.last)
        }
        return needsQuotes ? "\"" + v.replacing("\"", with: "\"\"") + "\"" : v
    }

    /// Whether `bytes` (a field's UTF-8) are written as they are by ``field(_:)`` with a comma
    /// delimiter, with or without the formula guard: no quote, comma or line break, no space or
    /// non-ASCII byte at either end, and no formula character first. (A `false` says only that
    /// ``field(_:)`` must decide.)
    static func isPlainField(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first >= 0x80 || last >= 0x80 || first <= 0x20 || last <= 0x20 { return false }
        switch first {
        case 0x3D, 0x2B, 0x2D, 0x40: return false
        default: break
        }
        for b in bytes where b == 0x22 || b == 0x2C || b == 0x0A || b == 0x0D { return false }
        return true
    }

    /// One line (with its LF).
    public func line(_ fields: [String]) -> String {
        var out = ""
        out.reserveCapacity(fields.reduce(1) { $0 + $1.utf8.count + 1 })
        for (k, f) in fields.enumerated() {
            if k > 0 { out.append(delimiter) }
            out += field(f)
        }
        out += "\n"
        return out
    }

    /// A whole table: header then rows.
    public func table(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for r in rows { out += line(r) }
        return out
    }
}
