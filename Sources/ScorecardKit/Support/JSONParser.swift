/// A JSON parse result that remembers where every value stood in the text.
///
/// Positions are keyed by path: `rules[2].when.atLeast` for a member, `rules[2]` for an element,
/// `""` for the document. Errors about a value can then point at its line and column.
public struct ParsedJSON: Sendable {
    /// The document.
    public var value: JSONValue
    /// The file name used in locations.
    public var file: String
    /// Start of each value, keyed by its path; object keys are also stored as `path#key`.
    public var positions: [String: SourceLocation]

    /// Where the value at `path` starts; falls back to the nearest enclosing value.
    public func location(_ path: String) -> SourceLocation {
        var p = path
        while true {
            if let loc = positions[p] { return loc }
            if p.isEmpty { return SourceLocation(file: file, line: 1, column: 1) }
            if let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = String(p[..<cut]) } else { p = "" }
        }
    }

    /// Where the key of member `key` of the object at `path` stands.
    public func keyLocation(_ path: String, _ key: String) -> SourceLocation {
        positions[path + "#" + key] ?? location(path)
    }
}

/// Errors in JSON text.
public enum JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not JSON; the message says what was expected.
    case syntax(SourceLocation, String)

    public var description: String {
        switch self {
        case .syntax(let loc, let message): "\(loc): invalid JSON: \(message)"
        }
    }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259), rejecting duplicate keys, trailing garbage and nesting deeper
    /// than 512 levels.
    ///
    /// - Throws: ``JSONError/syntax(_:_:)`` with the line and column of the first problem.
    /// - Complexity: O(n) in the length of the text.
    public static func parse(_ text: String, file: String) throws -> ParsedJSON {
        var parser = JSONTextParser(bytes: Array(text.utf8), file: file)
        let value = try parser.parseDocument()
        return ParsedJSON(value: value, file: file, positions: parser.positions)
    }

    /// Parses JSON text and returns just the value.
    public static func parseValue(_ text: String, file: String = "<json>") throws -> JSONValue {
        try parse(text, file: file).value
    }
}

private struct JSONTextParser {
    let bytes: [UInt8]
    let file: String
    var i = 0
    var line = 1
    var lineStart = 0
    var depth = 0
    var positions: [String: SourceLocation] = [:]

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            i = 3
            lineStart = 3
        }
    }

    /// The current position; the column counts characters (Unicode scalars), not bytes.
    var here: SourceLocation { mutating get { SourceLocation(file: file, line: line, column: column(at: i)) } }

    /// Characters from the line start to `offset`, counted incrementally (positions are asked for
    /// in increasing order, so the whole parse stays linear).
    mutating func column(at offset: Int) -> Int {
        if cacheLineStart != lineStart || offset < cacheOffset {
            cacheLineStart = lineStart
            cacheOffset = lineStart
            cacheColumn = 1
        }
        while cacheOffset < offset {
            if bytes[cacheOffset] & 0xC0 != 0x80 { cacheColumn += 1 }
            cacheOffset += 1
        }
        return cacheColumn
    }
    var cacheLineStart = -1, cacheOffset = 0, cacheColumn = 1

    mutating func fail(_ message: String) -> JSONError { .syntax(here, message) }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    mutating func parseDocument() throws -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw fail("the file is empty") }
        let v = try parseValue(path: "")
        skipSpace()
        if i < bytes.count { throw fail("unexpected text after the end of the document") }
        return v
    }

    mutating func parseValue(path: String) throws -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end of file") }
        positions[path] = here
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(path: path)
        case UInt8(ascii: "["): return try parseArray(path: path)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw fail(
                "unexpected character \(quoted(String(decoding: bytes[i..<min(i + 1, bytes.count)], as: UTF8.self)))")
        }
    }

    mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, Array(bytes[i..<i + w.count]) == w else { throw fail("expected \(word)") }
        i += w.count
    }

    mutating func enter() throws {
        depth += 1
        if depth > 512 { throw fail("nesting deeper than 512 levels") }
    }

    mutating func parseObject(path: String) throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object([])
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let keyAt = here
            let key = try parseString()
            if !seen.insert(key).inserted { throw JSONError.syntax(keyAt, "duplicate key \(quoted(key))") }
            let childPath = path.isEmpty ? key : path + "." + key
            positions[path + "#" + key] = keyAt
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw fail("expected ':' after key \(quoted(key))")
            }
            i += 1
            members.append((key, try parseValue(path: childPath)))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file inside an object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func parseArray(path: String) throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array([])
        }
        while true {
            items.append(try parseValue(path: "\(path)[\(items.count)]"))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file inside an array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseString() throws -> String {
        let start = here
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw JSONError.syntax(start, "string is not valid UTF-8")
                }
                return s
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                        else {
                            throw fail("unpaired surrogate in \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw fail("unpaired surrogate in \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
                default: throw fail("invalid escape \\\(String(UnicodeScalar(e)))")
                }
            case 0x00..<0x20:
                throw fail(
                    c == 0x0A ? "unterminated string (a newline inside quotes)" : "control character inside a string")
            default:
                out.append(c)
                i += 1
            }
        }
        throw JSONError.syntax(start, "unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    mutating func parseNumber() throws -> Double {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let s = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - s
        }
        let intStart = i
        let n = digits()
        if n == 0 { throw fail("invalid number") }
        if n > 1, bytes[intStart] == UInt8(ascii: "0") { throw fail("leading zeros are not allowed in numbers") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { throw fail("invalid number: digits must follow '.'") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { throw fail("invalid number: digits must follow the exponent") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let x = Double(text), x.isFinite else {
            throw JSONError.syntax(
                SourceLocation(file: file, line: line, column: column(at: start)), "number \(text) is out of range")
        }
        return x
    }
}
