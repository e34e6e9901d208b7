/// How dates and numbers are written in a history, where the file alone may not settle it
/// (`--date-format`, `--decimal`).
///
/// ```swift
/// let formats = ValueFormats(dates: .dayFirst, decimal: .comma)   // 30/4/2025, €1.234,50
/// let deals = try DealTable(csv: text, file: "deals.csv", formats: formats)
/// ```
public struct ValueFormats: Sendable, Equatable {
    /// The form of every date column; `nil` detects it per column (ISO, or the CRM form the
    /// column's values settle; see ``DateFormat``).
    public var dates: DateFormat?
    /// The decimal separator of numbers (the other of `.` and `,` then groups thousands).
    public var decimal: DecimalSeparator

    /// Detected dates and a decimal point: what most exports need.
    public init(dates: DateFormat? = nil, decimal: DecimalSeparator = .point) {
        self.dates = dates
        self.decimal = decimal
    }
}

/// The decimal separator of a history's numbers (`--decimal . | ,`).
public enum DecimalSeparator: String, Sendable, CaseIterable {
    /// `1,234.50`: a decimal point, commas group thousands.
    case point = "."
    /// `1.234,50`: a decimal comma, points group thousands.
    case comma = ","

    /// Parses `.`, `point`, `,` or `comma`.
    public init?(parsing text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case ".", "point", "dot": self = .point
        case ",", "comma": self = .comma
        default: return nil
        }
    }

    /// The separator's byte.
    var byte: UInt8 { self == .point ? UInt8(ascii: ".") : UInt8(ascii: ",") }
    /// The other separator, which groups thousands.
    var other: DecimalSeparator { self == .point ? .comma : .point }
}

/// Numbers as CRMs and spreadsheets write them: `$38,566`, `$38,566.00`, `€1.234,50`,
/// `USD 1,200`, `1200 EUR`, `45%`, `(1,200)`, `-$5`.
///
/// Accepted, around an optional sign: one currency mark before or after the number (`$ € £ ¥ ₹`,
/// `US$`, `C$`, `A$`, `R$`, or an ISO code among ``codes``, with or without a space) or a `%`
/// after it; digits with thousands grouped by the separator that is not the decimal one (first
/// group 1–3 digits, then groups of exactly 3); a decimal part; or the whole in parentheses for a
/// negative amount. `45%` is read as 45 (the number as written, so a card's `atLeast: 40` means
/// 40%). Spaces do not group thousands (`1 234,50` is not read).
enum CRMNumber {
    /// The ISO 4217 codes read as currency marks.
    static let codes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "NZD", "CHF", "CNY", "INR", "BRL", "MXN", "SEK", "NOK",
        "DKK", "PLN", "CZK", "HUF", "ZAR", "SGD", "HKD", "KRW", "ILS", "AED", "SAR", "TRY", "RUB",
    ]
    /// The symbols read as currency marks (UTF-8 text).
    static let symbols: [String] = ["US$", "C$", "A$", "R$", "NZ$", "$", "€", "£", "¥", "₹"]

    /// A mark in words, for messages: `"$"`, `"EUR"`, `"a percent sign"`, `"no currency"`.
    static func describe(mark: String) -> String {
        mark == "%" ? "a percent sign" : mark.isEmpty ? "no currency" : quoted(mark)
    }

    /// What a cell held besides digits.
    struct Shape: Equatable {
        /// The currency mark (`$`, `USD`) or `%`; `nil` for none.
        var mark: String?
        var grouped = false
        var parentheses = false
        var decimals = false
    }

    /// The value of trimmed bytes `t` written with decimal separator `decimal`, and its shape;
    /// `nil` when the bytes are not such a number.
    static func parse(_ t: some Collection<UInt8>, decimal: DecimalSeparator) -> (value: Double, shape: Shape)? {
        guard var s = String(validating: t, as: UTF8.self)?.trimmingWhitespace(), !s.isEmpty, s.utf8.count < 64 else {
            return nil
        }
        var shape = Shape()
        if s.hasPrefix("("), s.hasSuffix(")") {
            s = String(s.dropFirst().dropLast()).trimmingWhitespace()
            shape.parentheses = true
        }
        /// Takes a leading sign: `-1` minus, `1` plus, `0` none.
        func takeSign() -> Int {
            guard let c = s.first, c == "-" || c == "−" || c == "+" else { return 0 }
            s = String(s.dropFirst()).trimmingWhitespace()
            return c == "+" ? 1 : -1
        }
        var sign = takeSign()
        // A currency mark before the number, or after it (or a percent after it).
        if let m = symbols.first(where: { s.hasPrefix($0) }) {
            shape.mark = m
            s = String(s.dropFirst(m.count)).trimmingWhitespace()
        } else if s.count > 3, case let code = String(s.prefix(3)), codes.contains(code),
            !s.dropFirst(3).first!.isLetter
        {
            shape.mark = code
            s = String(s.dropFirst(3)).trimmingWhitespace()
        }
        if shape.mark != nil, sign == 0 { sign = takeSign() }
        if shape.parentheses, sign != 0 { return nil }
        if shape.mark == nil {
            if s.hasSuffix("%") {
                shape.mark = "%"
                s = String(s.dropLast()).trimmingWhitespace()
            } else if let m = symbols.first(where: { s.hasSuffix($0) }) {
                shape.mark = m
                s = String(s.dropLast(m.count)).trimmingWhitespace()
            } else if s.count > 3, case let code = String(s.suffix(3)), codes.contains(code),
                !s.dropLast(3).last!.isLetter
            {
                shape.mark = code
                s = String(s.dropLast(3)).trimmingWhitespace()
            }
        }
        let negative = shape.parentheses || sign < 0
        // Digits, grouped thousands, a decimal part.
        let u = Array(s.utf8)
        guard !u.isEmpty else { return nil }
        let point = decimal.byte
        let group = decimal.other.byte
        var k = 0
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var groupLength = 0
        var groups = 0
        while k < u.count, u[k] != point {
            let c = u[k]
            if c >= 0x30, c <= 0x39 {
                integer.append(c)
                groupLength += 1
            } else if c == group {
                // Groups: the first of 1–3 digits, every later one of exactly 3.
                guard (groups == 0 && (1...3).contains(groupLength)) || (groups > 0 && groupLength == 3) else {
                    return nil
                }
                groups += 1
                groupLength = 0
            } else {
                return nil
            }
            k += 1
        }
        if groups > 0 {
            guard groupLength == 3 else { return nil }
            shape.grouped = true
        }
        if k < u.count {
            k += 1
            while k < u.count, u[k] >= 0x30, u[k] <= 0x39 {
                fraction.append(u[k])
                k += 1
            }
            guard k == u.count, !fraction.isEmpty else { return nil }
            shape.decimals = true
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        let text =
            String(decoding: integer, as: UTF8.self)
            + (fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self))
        guard let x = Double(text.isEmpty ? "0" : (integer.isEmpty ? "0" + text : text)), x.isFinite else { return nil }
        return (negative ? -x : x, shape)
    }
}
