import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The JSON reader (values, escapes, positions, strictness) and writer (`rendered`).
@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parseValue(text, file: "j.json") }

    /// The syntax error for `text`, or nil (recording an issue) when it parses.
    func syntaxError(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (
        ScorecardKit.SourceLocation, String
    )? {
        do {
            let v = try JSONValue.parse(text, file: "j.json")
            Issue.record("expected a syntax error, parsed \(v.value)", sourceLocation: sourceLocation)
            return nil
        } catch let JSONError.syntax(l, m) {
            return (l, m)
        } catch {
            Issue.record("expected JSONError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func loc(_ line: Int, _ column: Int) -> ScorecardKit.SourceLocation {
        ScorecardKit.SourceLocation(file: "j.json", line: line, column: column)
    }

    // MARK: - Values

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false ") == .bool(false))
        #expect(try parse("\"s\"") == .string("s"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([]))
        let v = try parse(#"{"b": [1, "x", null, {"c": true}], "a": -2.5}"#)
        #expect(
            v
                == .object([
                    ("b", .array([.number(1), .string("x"), .null, .object([("c", .bool(true))])])),
                    ("a", .number(-2.5)),
                ]))
        // Key order is kept as written, and it matters for equality.
        #expect(v.members?.map(\.0) == ["b", "a"])
        #expect(v != .object([("a", .number(-2.5)), ("b", v["b"]!)]))
        #expect(v["a"]?.number == -2.5)
        #expect(v["missing"] == nil)
    }

    @Test func numbers() throws {
        #expect(try parse("0") == .number(0))
        #expect(try parse("-0") == .number(0))
        #expect(try parse("12") == .number(12))
        #expect(try parse("-3.25") == .number(-3.25))
        #expect(try parse("1e3") == .number(1000))
        #expect(try parse("1E+3") == .number(1000))
        #expect(try parse("25e-2") == .number(0.25))
        #expect(try parse("0.5e1") == .number(5))
        #expect(try parse("1e-07") == .number(1e-7))
    }

    @Test(arguments: [
        "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "1.e3", "0x10", "NaN", "Infinity", "1e400",
    ])
    func invalidNumbers(_ text: String) {
        #expect(syntaxError(text)?.0.line == 1, "\(text)")
    }

    @Test func leadingZeroMessageAndOverflow() {
        #expect(syntaxError("[01]")?.1.contains("leading zeros") == true)
        // The out-of-range error points at the number's first character (column 2).
        let e = syntaxError("[1e400]")
        #expect(e?.0 == loc(1, 2))
        #expect(e?.1.contains("out of range") == true)
    }

    @Test func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        // U+1F600 is the surrogate pair D83D DE00; U+10348 is D800 DF48.
        #expect(try parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
        #expect(try parse(#""x\uD800\uDF48y""#) == .string("x\u{10348}y"))
        // Raw UTF-8 passes through.
        #expect(try parse("\"Zoë 😀\"") == .string("Zoë 😀"))
    }

    @Test(arguments: [
        #""\ud83d""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00""#, #""\u12""#, #""\u12G4""#, #""\q""#, "\"a\nb\"",
        "\"a\u{1}b\"", "\"abc",
    ])
    func badStrings(_ text: String) {
        #expect(syntaxError(text) != nil)
    }

    @Test func unterminatedStringPointsAtItsOpeningQuote() {
        #expect(syntaxError("{\"a\": \"abc")?.0 == loc(1, 7))
    }

    // MARK: - Positions

    @Test func positionsOfNestedValues() throws {
        let text = """
            {
              "name": "x",
              "rules": [
                {"id": "a", "when": {"atLeast": 70}},
                {
                  "id": "b"
                }
              ]
            }
            """
        let doc = try JSONValue.parse(text, file: "j.json")
        #expect(doc.location("") == loc(1, 1))
        #expect(doc.location("name") == loc(2, 11))
        #expect(doc.location("rules") == loc(3, 12))
        #expect(doc.location("rules[0]") == loc(4, 5))
        #expect(doc.location("rules[0].id") == loc(4, 12))
        #expect(doc.location("rules[0].when") == loc(4, 25))
        #expect(doc.location("rules[0].when.atLeast") == loc(4, 37))
        #expect(doc.location("rules[1]") == loc(5, 5))
        #expect(doc.location("rules[1].id") == loc(6, 13))
        // Keys.
        #expect(doc.keyLocation("", "rules") == loc(3, 3))
        #expect(doc.keyLocation("rules[0].when", "atLeast") == loc(4, 26))
        // A path that does not exist falls back to the nearest enclosing value.
        #expect(doc.location("rules[0].when.atMost") == loc(4, 25))
        #expect(doc.location("rules[7].points") == loc(3, 12))
        #expect(doc.location("nope") == loc(1, 1))
        #expect(doc.keyLocation("rules[1]", "points") == loc(5, 5))
    }

    @Test func positionsAfterAByteOrderMarkAndCRLF() throws {
        let doc = try JSONValue.parse("\u{FEFF}{\r\n  \"a\": 1\r\n}", file: "j.json")
        #expect(doc.location("") == loc(1, 1))
        #expect(doc.location("a") == loc(2, 8))
        #expect(doc.value == .object([("a", .number(1))]))
    }

    @Test
    func columnsCountCharactersNotBytes() throws {
        // {"é": 1} — the 1 is the 7th character of the line ({ " é " : space 1).
        let doc = try JSONValue.parse("{\"é\": 1}", file: "j.json")
        #expect(doc.location("é") == loc(1, 7))
    }

    // MARK: - Strictness

    @Test func duplicateKeysAreRejectedAtTheSecondKey() {
        let e = syntaxError("{\"a\": 1,\n \"a\": 2}")
        #expect(e?.0 == loc(2, 2))
        #expect(e?.1.contains("duplicate key \"a\"") == true)
        // The same key in different objects is fine.
        #expect((try? parse(#"{"a": {"a": 1}, "b": {"a": 2}}"#)) != nil)
    }

    @Test func trailingGarbage() {
        #expect(syntaxError("{} x")?.0 == loc(1, 4))
        #expect(syntaxError("1 2")?.0 == loc(1, 3))
        #expect(syntaxError("[1]\n]")?.0 == loc(2, 1))
        #expect(syntaxError("{}x")?.1.contains("after the end") == true)
    }

    @Test func syntaxErrorsWithLocations() {
        #expect(syntaxError("")?.0 == loc(1, 1))
        #expect(syntaxError("   \n ")?.1.contains("empty") == true)
        #expect(syntaxError("[1,]")?.0 == loc(1, 4))
        #expect(syntaxError("{\"a\" 1}")?.0 == loc(1, 6))
        #expect(syntaxError("{\"a\": 1,}")?.0 == loc(1, 9))
        #expect(syntaxError("{a: 1}")?.0 == loc(1, 2))
        #expect(syntaxError("[1 2]")?.0 == loc(1, 4))
        #expect(syntaxError("tru")?.0 == loc(1, 1))
        #expect(syntaxError("[nul]")?.0 == loc(1, 2))
        #expect(syntaxError("[1,\n  @]")?.0 == loc(2, 3))
        #expect(syntaxError("[1")?.1.contains("end of file") == true)
    }

    @Test func errorDescriptionStartsWithLocation() {
        let e = JSONError.syntax(loc(3, 9), "boom")
        #expect(e.description.hasPrefix("j.json:3:9: "))
        #expect(e.description.hasSuffix("boom"))
    }

    @Test func nestingLimitIs512() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        let ok = try parse(nested(512))
        var d = 0
        var v = ok
        while let inner = v.array {
            d += 1
            v = inner.first ?? .null
        }
        #expect(d == 512)
        // The 513th bracket (column 513) is one level too deep.
        let e = syntaxError(nested(513))
        #expect(e?.0 == loc(1, 513))
        #expect(e?.1.contains("512") == true)
        let objects = String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(syntaxError(objects) != nil)
    }

    // MARK: - Writing

    @Test func numbersFormat() {
        #expect(JSONValue.format(3) == "3")
        #expect(JSONValue.format(-40) == "-40")
        #expect(JSONValue.format(0) == "0")
        #expect(JSONValue.format(-0.0) == "0")
        #expect(JSONValue.format(1e15) == "1000000000000000")
        #expect(JSONValue.format(0.5) == "0.5")
        #expect(JSONValue.format(-2.25) == "-2.25")
        #expect(JSONValue.format(.nan) == "null")
        #expect(JSONValue.format(.infinity) == "null")
        // 0.1 + 0.2 is not 0.3; the shortest round-trip form shows it.
        #expect(Double(JSONValue.format(0.1 + 0.2)) == 0.1 + 0.2)
        #expect(JSONValue.format(0.1 + 0.2) != "0.3")
    }

    @Test func compactAndPrettyRendering() {
        let v: JSONValue = ["b": [1, 2.5, "x"], "a": ["n": nil, "t": true], "e": [], "o": [:]]
        #expect(v.rendered(pretty: false) == #"{"b":[1,2.5,"x"],"a":{"n":null,"t":true},"e":[],"o":{}}"#)
        let pretty = """
            {
              "b": [1, 2.5, "x"],
              "a": {
                "n": null,
                "t": true
              },
              "e": [],
              "o": {}
            }

            """
        #expect(v.rendered() == pretty)
        let nested: JSONValue = [["k": 1], [1]]
        #expect(nested.rendered() == "[\n  {\n    \"k\": 1\n  },\n  [1]\n]\n")
    }

    @Test func controlCharactersAreEscaped() throws {
        let s: JSONValue = .string("q\"b\\n\nr\rt\t\u{1}\u{1F}\u{7F}\u{8}\u{C}\u{2028}é\u{2029}😀\u{2027}")
        let out = s.rendered(pretty: false)
        #expect(out == #""q\"b\\n\nr\rt\t\u0001\u001f\u007f\u0008\u000c\u2028é\u2029😀‧""#)
        // No raw control character survives.
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(try JSONValue.parseValue(out) == s)
    }

    @Test func renderedValuesReadBackEqual() throws {
        // A fixed value with awkward parts, then random ones.
        let fixed: JSONValue = [
            "schema": "x",
            "n": [0, -0.0, 1e-7, 1e300, -123_456_789, 0.1, 9007199254740993.0, .number(.leastNonzeroMagnitude)],
            "s": ["", "\u{0}", "😀", "a\"b"], "deep": [[[["k": [nil, false]]]]],
        ]
        for pretty in [true, false] {
            #expect(try JSONValue.parseValue(fixed.rendered(pretty: pretty)) == fixed)
        }
        var rng = SplitMix64(seed: 2024)
        func random(_ depth: Int) -> JSONValue {
            switch rng.nextInt(below: depth > 3 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(rng.nextBool(probability: 0.5))
            case 2:
                // Integers, halves and arbitrary doubles.
                switch rng.nextInt(below: 3) {
                case 0: return .number(Double(rng.nextInt(below: 2_000_001) - 1_000_000))
                case 1: return .number(Double(rng.nextInt(below: 400)) / 2 - 100)
                default: return .number(rng.nextNormal() * 1e6)
                }
            case 3:
                let alphabet: [Unicode.Scalar] = [
                    "a", "Z", " ", "\"", "\\", "\n", "\u{1}", "\u{7F}", "é", "€", "😀", "/",
                ]
                var s = String.UnicodeScalarView()
                for _ in 0..<rng.nextInt(below: 6) { s.append(alphabet[rng.nextInt(below: alphabet.count)]) }
                return .string(String(s))
            case 4: return .array((0..<rng.nextInt(below: 4)).map { _ in random(depth + 1) })
            default:
                let n = rng.nextInt(below: 4)
                return .object((0..<n).map { k in ("k\(k)", random(depth + 1)) })
            }
        }
        for _ in 0..<300 {
            let v = random(0)
            #expect(try JSONValue.parseValue(v.rendered(pretty: true)) == v)
            #expect(try JSONValue.parseValue(v.rendered(pretty: false)) == v)
        }
    }

    @Test func integersAreWrittenWithoutAFraction() {
        for k in [-1_000_000, -1, 1, 7, 80, 123_456_789] {
            let text = JSONValue.number(Double(k)).rendered(pretty: false)
            #expect(text == String(k))
        }
    }
}
