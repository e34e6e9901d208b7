/// The rules table as CSV, and reading it back.
extension Scorecard {
    /// Columns of the rules table.
    public static let rulesCSVHeader = [
        "id", "label", "kind", "source", "signal", "test", "value", "each", "points", "cap", "cap_units",
        "half_life_days",
    ]

    /// One row per rule, after comment lines (`# …`) with the card's name, threshold and the
    /// generated-by line. `test` is `equals`, `in`, `atLeast`, `atMost`, `between`, `present` or
    /// `each`; `value` is the test's value as JSON (`"software"`, `["a","b"]`, `70`, `[1,5]`). A
    /// merged rule has test `anyOf`, an empty `signal` and its parts as JSON in `value`
    /// (`[{"signal":"demo","when":{"equals":true}}, …]`). When a rule is gated the table has one
    /// more column, `only_with`, holding each gated rule's `onlyWith` as a JSON array. Cells that a
    /// spreadsheet would run as a formula are prefixed with `'`.
    public func rulesCSV() -> String {
        let writer = CSVWriter(guardFormulas: true)
        let gated = rules.contains { !$0.onlyWith.isEmpty }
        var out = "# " + TextEscaping.plain(exportHeader) + "\n"
        out += "# threshold," + JSONValue.format(threshold) + "\n"
        out += writer.line(Self.rulesCSVHeader + (gated ? ["only_with"] : []))
        for r in rules {
            var test = ""
            var value = ""
            var each = ""
            var cap = ""
            var signal = r.signal
            switch r.measure {
            case .anyOf:
                test = "anyOf"
                signal = ""
                value = r.json["anyOf"]!.rendered(pretty: false)
            case .when(let c):
                test = c.key
                value = c.json.members!.first!.1.rendered(pretty: false)
            case .each(let e, let c):
                test = "each"
                each = JSONValue.format(e)
                cap = c.map(JSONValue.format) ?? ""
            }
            let gates =
                r.onlyWith.isEmpty ? "" : JSONValue.array(r.onlyWith.map(JSONValue.string)).rendered(pretty: false)
            out += writer.line(
                [
                    r.id, r.label ?? "", r.kind.rawValue, r.source ?? "", signal, test, value, each,
                    JSONValue.format(r.points), cap,
                    r.capInUnits.map(JSONValue.format) ?? "", r.halfLifeDays.map(JSONValue.format) ?? "",
                ] + (gated ? [gates] : []))
        }
        return out
    }

    /// Reads a rules table written by ``rulesCSV()`` back into a card (for the parity check).
    ///
    /// - Throws: ``CSVError``, ``JSONError`` or ``ScorecardError`` for a table that is not one.
    public init(rulesCSV text: String, name: String, file: String) throws {
        var threshold = 0.0
        var body: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# threshold,") {
                threshold = Double(line.dropFirst("# threshold,".count)) ?? 0
                continue
            }
            if line.hasPrefix("#") { continue }
            body.append(line)
        }
        let table = try CSVReader().read(body.joined(separator: "\n"), file: file)
        func unguard(_ s: String) -> String {
            s.hasPrefix("'") && "=+-@\t\r".contains(s.dropFirst().first ?? " ") ? String(s.dropFirst()) : s
        }
        var rules: [(String, JSONValue)] = []
        var list: [JSONValue] = []
        for row in table.rows {
            let v = Dictionary(uniqueKeysWithValues: zip(table.header, row.map(unguard)))
            rules = [("id", .string(v["id"]!)), ("kind", .string(v["kind"]!))]
            if v["test"] != "anyOf" { rules.append(("signal", .string(v["signal"]!))) }
            if !v["label"]!.isEmpty { rules.append(("label", .string(v["label"]!))) }
            if !v["source"]!.isEmpty { rules.append(("source", .string(v["source"]!))) }
            if let gates = v["only_with"], !gates.isEmpty {
                rules.append(("onlyWith", try JSONValue.parseValue(gates, file: file)))
            }
            if v["test"] == "anyOf" {
                rules.append(("anyOf", try JSONValue.parseValue(v["value"]!, file: file)))
            } else if v["test"] == "each" {
                rules.append(("each", .number(Double(v["each"]!) ?? 1)))
            } else {
                rules.append(("when", .object([(v["test"]!, try JSONValue.parseValue(v["value"]!, file: file))])))
            }
            rules.append(("points", .number(Double(v["points"]!) ?? 0)))
            if let c = Double(v["cap"]!) { rules.append(("cap", .number(c))) }
            if let c = Double(v["cap_units"]!) { rules.append(("capUnits", .number(c))) }
            if let h = Double(v["half_life_days"]!) { rules.append(("halfLifeDays", .number(h))) }
            list.append(.object(rules))
        }
        let doc: JSONValue = .object([
            ("schema", .string(Scorecard.schema)), ("name", .string(name)), ("threshold", .number(threshold)),
            ("rules", .array(list)),
        ])
        try self.init(json: doc.rendered(), file: file)
    }
}
