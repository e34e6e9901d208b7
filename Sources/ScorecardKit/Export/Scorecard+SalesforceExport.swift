/// The `salesforce` export: a formula-field expression.
extension Scorecard {
    /// A Salesforce formula (Number, 0 decimals) that computes the score on a record.
    ///
    /// Signals become field API names (characters other than letters, digits and `_` become `_`;
    /// a custom field usually needs the `__c` suffix added). Text tests compare
    /// `LOWER(TRIM(field))` (wrap a picklist in `TEXT()`); checkboxes are tested directly; a blank
    /// number never fires; decay measures from `<signal>_at` to `TODAY()`. A merged rule tests its
    /// parts with `OR(…)`; a gated rule's term is `IF(AND(<each gate's own test>), …, 0)`.
    public func salesforceFormula() -> String {
        var out = "/* " + exportHeader.replacing("*/", with: "* /") + " */\n"
        out += "/* SQL when the score is at least \(JSONValue.format(threshold)); rename fields to your API names */\n"
        out += "ROUND(0"
        for rule in rules { out += "\n  + " + salesforceTerm(rule) }
        return out + ", 0)\n"
    }

    /// A field API name: letters, digits and underscores only.
    static func salesforceField(_ name: String) -> String {
        var s = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if s.first.map({ !$0.isLetter }) ?? true { s = "F_" + s }
        return s
    }

    /// A formula string literal, with `"` and `\` escaped and line breaks written as `\n`.
    static func salesforceString(_ s: String) -> String {
        "\""
            + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n").replacing(
                "\r", with: "\\r") + "\""
    }

    func salesforceTerm(_ rule: Rule) -> String {
        let field = Self.salesforceField(rule.signal)
        let points = JSONValue.format(rule.points)
        var amount: String
        switch rule.measure {
        case .when, .anyOf:
            amount = "IF(\(salesforceFires(rule)), \(points), 0)"
        case .each(let each, _):
            var units = "BLANKVALUE(\(field), 0) / \(JSONValue.format(each))"
            if let cap = rule.capUnits { units = "MIN(\(units), \(JSONValue.format(cap)))" }
            amount = "\(points) * \(units)"
        }
        if let half = rule.halfLifeDays {
            let at = Self.salesforceField(rule.signal + "_at")
            amount =
                "(\(amount)) * IF(ISBLANK(\(at)), 1, POWER(0.5, MAX(0, TODAY() - DATEVALUE(\(at))) / \(JSONValue.format(half))))"
        }
        if !rule.onlyWith.isEmpty {
            let gates = gateRules(of: rule).map(salesforceFires)
            amount = "IF(\(gates.count == 1 ? gates[0] : "AND(" + gates.joined(separator: ", ") + ")"), \(amount), 0)"
        }
        return amount
    }

    /// Whether `rule`'s own test holds, as a formula: its condition, `OR` of its parts, or a
    /// non-zero count for an `each` rule.
    func salesforceFires(_ rule: Rule) -> String {
        switch rule.measure {
        case .when(let c): return salesforceCondition(c, field: Self.salesforceField(rule.signal))
        case .anyOf(let parts):
            return "OR("
                + parts.map { salesforceCondition($0.condition, field: Self.salesforceField($0.signal)) }.joined(
                    separator: ", ") + ")"
        case .each: return "BLANKVALUE(\(Self.salesforceField(rule.signal)), 0) <> 0"
        }
    }

    func salesforceCondition(_ c: Condition, field: String) -> String {
        func test(_ v: ConditionValue) -> String {
            switch v {
            case .string(let s): "LOWER(TRIM(\(field))) = \(Self.salesforceString(s.trimmingWhitespace().lowercased()))"
            case .number(let x): "\(field) = \(JSONValue.format(x))"
            case .bool(let b): b ? field : "NOT(\(field))"
            }
        }
        let notBlank = "NOT(ISBLANK(\(field)))"
        switch c {
        case .equals(.bool(let b)): return b ? field : "NOT(\(field))"  // a checkbox is never blank
        case .equals(let v): return "AND(\(notBlank), \(test(v)))"
        case .oneOf(let vs): return "AND(\(notBlank), OR(" + vs.map(test).joined(separator: ", ") + "))"
        case .atLeast(let x): return "AND(\(notBlank), \(field) >= \(JSONValue.format(x)))"
        case .atMost(let x): return "AND(\(notBlank), \(field) <= \(JSONValue.format(x)))"
        case .between(let a, let b):
            return "AND(\(notBlank), \(field) >= \(JSONValue.format(a)), \(field) <= \(JSONValue.format(b)))"
        case .present(let p): return p ? notBlank : "ISBLANK(\(field))"
        }
    }
}
