/// The `pmml` export: the card as a PMML 4.4 `Scorecard` model that any PMML engine runs.
extension Scorecard {
    /// The PMML type of each signal the card reads: the history's column type when a history is
    /// given and has the column (number → `double`, true/false → `boolean`, text and dates →
    /// `string`); else inferred from the rules: a number when a rule counts units or compares with
    /// a number bound or value, true/false when every value it is compared with is a Boolean, text
    /// otherwise.
    func pmmlFieldTypes(history: DealTable? = nil) -> [(name: String, type: String)] {
        var order: [String] = [], numeric: Set<String> = [], boolean: [String: Bool] = [:]
        for rule in rules {
            if !order.contains(rule.signal) { order.append(rule.signal) }
            switch rule.measure {
            case .each: numeric.insert(rule.signal)
            case let .when(c):
                let values: [ConditionValue]
                switch c {
                case let .equals(v): values = [v]
                case let .oneOf(vs): values = vs
                case .atLeast, .atMost, .between: numeric.insert(rule.signal); values = []
                case .present: values = []
                }
                for v in values {
                    switch v {
                    case .number: numeric.insert(rule.signal)
                    case .bool: boolean[rule.signal] = boolean[rule.signal] ?? true
                    case .string: boolean[rule.signal] = false
                    }
                }
            }
        }
        return order.map { name in
            switch history?.columns[name] {
            case .number?: return (name, "double")
            case .boolean?: return (name, "boolean")
            case .category?, .date?: return (name, "string")
            case nil: return (name, numeric.contains(name) ? "double" : boolean[name] == true ? "boolean" : "string")
            }
        }
    }

    /// PMML 4.4: one `Scorecard` model with one `Characteristic` per rule (its `reasonCode` the
    /// rule's id), reason codes by `pointsAbove` at baseline 0, and the output fields `score`
    /// (rounded like ``scores(_:)``), `reason1`…`reason4` and `is_sql` (the card's
    /// ``qualification``, dual bars included, through `fit_score` and `behavior_score`).
    ///
    /// Each data field is named as the signal and typed from the rules (see the DataDictionary).
    /// Text tests compare the value trimmed and in lower case (a derived field), as ``DesignMatrix``
    /// does; a missing value fires no rule but `present: false`. An `each` rule is a
    /// `ComplexPartialScore` (units within the cap, times the points). Decay (`halfLifeDays`) has no
    /// PMML form: such a rule gives its full points, and a warning says so.
    ///
    /// - Parameter history: a deal history (or leads) whose column types the data fields take, so
    ///   a yes/no column compared with `"yes"` is a Boolean field as the history reads it.
    /// - Returns: the document and one warning per thing PMML does not say as the card does.
    public func pmmlDocument(history: DealTable? = nil) -> ExportOutput {
        let x = TextEscaping.xml
        let types = pmmlFieldTypes(history: history)
        let typeOf = Dictionary(types.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        var warnings: [String] = []
        // Text fields that a rule compares with values get a trimmed, lower-case twin.
        var normalized: [String] = []
        for rule in rules where typeOf[rule.signal] == "string" {
            if case let .when(c) = rule.measure, c.key == "equals" || c.key == "in", !normalized.contains(rule.signal) { normalized.append(rule.signal) }
        }
        func normalizedName(_ signal: String) -> String { signal + " (trimmed, lower case)" }
        func field(_ rule: Rule) -> String {
            if case let .when(c) = rule.measure, c.key == "equals" || c.key == "in", typeOf[rule.signal] == "string" { return normalizedName(rule.signal) }
            return rule.signal
        }
        /// A value as the field's type writes it.
        func value(_ v: ConditionValue, type: String) -> String {
            switch (v, type) {
            case let (.string(s), "string"): return s.trimmingWhitespace().lowercased()
            case let (.string(s), "boolean"): return SignalColumn.parseBool(s.trimmingWhitespace()).map { $0 ? "true" : "false" } ?? s.trimmingWhitespace()
            case let (.string(s), _): return SignalColumn.parseNumber(s.trimmingWhitespace()).map(JSONValue.format) ?? s.trimmingWhitespace()
            case let (.number(n), "boolean"): return n == 1 ? "true" : "false"
            case let (.number(n), _): return JSONValue.format(n)
            case let (.bool(b), "double"): return b ? "1" : "0"
            case let (.bool(b), _): return b ? "true" : "false"
            }
        }
        func number(_ n: Double) -> String { JSONValue.format(n) }
        func constant(_ n: Double) -> String { "<Constant dataType=\"double\">\(number(n))</Constant>" }

        /// The rule's test as a PMML predicate.
        func predicate(_ rule: Rule, _ c: Condition) -> String {
            let f = x(field(rule)), type = typeOf[rule.signal] ?? "string"
            switch c {
            case let .equals(v): return "<SimplePredicate field=\"\(f)\" operator=\"equal\" value=\"\(x(value(v, type: type)))\"/>"
            case let .oneOf(vs):
                // Array items are space-separated; quoted with `\"` inside, so any text survives.
                let items = vs.map { "\"" + value($0, type: type).replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\"" }
                let arrayType = type == "double" ? "real" : "string"
                let body = arrayType == "real" ? vs.map { value($0, type: type) }.joined(separator: " ") : items.joined(separator: " ")
                return "<SimpleSetPredicate field=\"\(f)\" booleanOperator=\"isIn\"><Array type=\"\(arrayType)\" n=\"\(vs.count)\">\(x(body))</Array></SimpleSetPredicate>"
            case let .atLeast(a): return "<SimplePredicate field=\"\(f)\" operator=\"greaterOrEqual\" value=\"\(number(a))\"/>"
            case let .atMost(b): return "<SimplePredicate field=\"\(f)\" operator=\"lessOrEqual\" value=\"\(number(b))\"/>"
            case let .between(a, b):
                return "<CompoundPredicate booleanOperator=\"and\"><SimplePredicate field=\"\(f)\" operator=\"greaterOrEqual\" value=\"\(number(a))\"/><SimplePredicate field=\"\(f)\" operator=\"lessOrEqual\" value=\"\(number(b))\"/></CompoundPredicate>"
            case let .present(p): return "<SimplePredicate field=\"\(f)\" operator=\"\(p ? "isNotMissing" : "isMissing")\"/>"
            }
        }
        /// The units an `each` rule counts, within its cap, as an expression.
        func units(_ rule: Rule, each: Double) -> String {
            var u = "<Apply function=\"/\"><FieldRef field=\"\(x(rule.signal))\"/>\(constant(each))</Apply>"
            if let cap = rule.capUnits { u = "<Apply function=\"min\">\(u)\(constant(cap))</Apply>" }
            return u
        }
        /// The rule's points as an expression (for the fit and behavior subscores of a dual-bar card).
        func pointsExpression(_ rule: Rule) -> String {
            let missing = "<Apply function=\"isMissing\"><FieldRef field=\"\(x(field(rule)))\"/></Apply>"
            func ifThen(_ test: String, _ yes: String, _ no: String) -> String { "<Apply function=\"if\">\(test)\(yes)\(no)</Apply>" }
            switch rule.measure {
            case let .each(each, _):
                return ifThen(missing, constant(0), "<Apply function=\"*\">\(constant(rule.points))\(units(rule, each: each))</Apply>")
            case let .when(c):
                let f = "<FieldRef field=\"\(x(field(rule)))\"/>", type = typeOf[rule.signal] ?? "string"
                let dataType = type == "double" ? "double" : type
                func lit(_ v: ConditionValue) -> String { "<Constant dataType=\"\(dataType)\">\(x(value(v, type: type)))</Constant>" }
                let test: String
                switch c {
                case let .present(p): return ifThen(missing, constant(p ? 0 : rule.points), constant(p ? rule.points : 0))
                case let .equals(v): test = "<Apply function=\"equal\">\(f)\(lit(v))</Apply>"
                case let .oneOf(vs): test = "<Apply function=\"isIn\">\(f)" + vs.map(lit).joined() + "</Apply>"
                case let .atLeast(a): test = "<Apply function=\"greaterOrEqual\">\(f)\(constant(a))</Apply>"
                case let .atMost(b): test = "<Apply function=\"lessOrEqual\">\(f)\(constant(b))</Apply>"
                case let .between(a, b):
                    test = "<Apply function=\"and\"><Apply function=\"greaterOrEqual\">\(f)\(constant(a))</Apply><Apply function=\"lessOrEqual\">\(f)\(constant(b))</Apply></Apply>"
                }
                return ifThen(missing, constant(0), ifThen(test, constant(rule.points), constant(0)))
            }
        }
        /// Rounded half away from zero, as ``scores(_:)`` rounds.
        func rounded(_ e: String) -> String {
            "<Apply function=\"if\"><Apply function=\"lessThan\">\(e)\(constant(0))</Apply>"
                + "<Apply function=\"*\">\(constant(-1))<Apply function=\"round\"><Apply function=\"*\">\(constant(-1))\(e)</Apply></Apply></Apply>"
                + "<Apply function=\"round\">\(e)</Apply></Apply>"
        }

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">\n"
        out += "  <Header description=\"\(x(exportHeader))\">\n    <Application name=\"ScorecardKit\" version=\"\(ScorecardKitVersion.current)\"/>\n  </Header>\n"
        out += "  <DataDictionary numberOfFields=\"\(types.count)\">\n"
        for t in types {
            out += "    <DataField name=\"\(x(t.name))\" optype=\"\(t.type == "double" ? "continuous" : "categorical")\" dataType=\"\(t.type)\"/>\n"
        }
        out += "  </DataDictionary>\n"
        if !normalized.isEmpty {
            out += "  <TransformationDictionary>\n"
            for s in normalized {
                out += "    <DerivedField name=\"\(x(normalizedName(s)))\" optype=\"categorical\" dataType=\"string\">"
                // Missing stays missing (trimBlanks refuses a missing value): `if` without an else.
                out += "<Apply function=\"if\"><Apply function=\"isNotMissing\"><FieldRef field=\"\(x(s))\"/></Apply>"
                out += "<Apply function=\"lowercase\"><Apply function=\"trimBlanks\"><FieldRef field=\"\(x(s))\"/></Apply></Apply></Apply></DerivedField>\n"
            }
            out += "  </TransformationDictionary>\n"
        }
        out += "  <Scorecard modelName=\"\(x(name))\" functionName=\"regression\" useReasonCodes=\"true\" reasonCodeAlgorithm=\"pointsAbove\" initialScore=\"0\" baselineScore=\"0\" baselineMethod=\"other\">\n"
        out += "    <MiningSchema>\n"
        for t in types { out += "      <MiningField name=\"\(x(t.name))\"/>\n" }
        out += "    </MiningSchema>\n"
        out += "    <Output>\n"
        out += "      <OutputField name=\"points\" feature=\"predictedValue\" dataType=\"double\" optype=\"continuous\"/>\n"
        out += "      <OutputField name=\"score\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(rounded("<FieldRef field=\"points\"/>"))</OutputField>\n"
        // PMML ranks every characteristic's points above the baseline, 0 and below included; a
        // reason is a rule that gave points, so reasonN is the Nth ranked code only while the lead
        // has N rules with positive points.
        for k in 1...4 { out += "      <OutputField name=\"ranked_reason\(k)\" feature=\"reasonCode\" rank=\"\(k)\" dataType=\"string\" optype=\"categorical\"/>\n" }
        let positives = rules.map { "<Apply function=\"if\"><Apply function=\"greaterThan\">\(pointsExpression($0))\(constant(0))</Apply>\(constant(1))\(constant(0))</Apply>" }
        let count = positives.isEmpty ? constant(0) : positives.count == 1 ? positives[0] : "<Apply function=\"sum\">" + positives.joined() + "</Apply>"
        out += "      <OutputField name=\"positive_reasons\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(count)</OutputField>\n"
        for k in 1...4 {
            out += "      <OutputField name=\"reason\(k)\" feature=\"transformedValue\" dataType=\"string\" optype=\"categorical\"><Apply function=\"if\">"
            out += "<Apply function=\"greaterOrEqual\"><FieldRef field=\"positive_reasons\"/>\(constant(Double(k)))</Apply><FieldRef field=\"ranked_reason\(k)\"/></Apply></OutputField>\n"
        }
        var test = ["<Apply function=\"greaterOrEqual\"><FieldRef field=\"score\"/>\(constant(threshold))</Apply>"]
        if qualification.hasBars {
            for kind in RuleKind.allCases {
                let terms = rules.filter { $0.kind == kind }.map(pointsExpression)
                let sum = terms.isEmpty ? constant(0) : terms.count == 1 ? terms[0] : "<Apply function=\"sum\">" + terms.joined() + "</Apply>"
                out += "      <OutputField name=\"\(kind.rawValue)_score\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(rounded(sum))</OutputField>\n"
            }
            if let minFit { test.append("<Apply function=\"greaterOrEqual\"><FieldRef field=\"fit_score\"/>\(constant(minFit))</Apply>") }
            if let minBehavior { test.append("<Apply function=\"greaterOrEqual\"><FieldRef field=\"behavior_score\"/>\(constant(minBehavior))</Apply>") }
        }
        let sql = test.count == 1 ? test[0] : "<Apply function=\"and\">" + test.joined() + "</Apply>"
        out += "      <OutputField name=\"is_sql\" feature=\"transformedValue\" dataType=\"boolean\" optype=\"categorical\">\(sql)</OutputField>\n"
        out += "    </Output>\n"
        out += "    <Characteristics>\n"
        for rule in rules {
            out += "      <Characteristic name=\"\(x(rule.id))\" reasonCode=\"\(x(rule.id))\" baselineScore=\"0\">\n"
            if let half = rule.halfLifeDays {
                out += "        <Extension name=\"halfLifeDays\" value=\"\(number(half))\"><!-- not applied: PMML scores this rule at its full points --></Extension>\n"
                warnings.append("rule \(quoted(rule.id)) decays (halfLifeDays \(number(half))), which PMML cannot express: the PMML gives its full \(number(rule.points)) points however old the signal is")
            }
            switch rule.measure {
            case let .when(c):
                out += "        <Attribute partialScore=\"\(number(rule.points))\">\(predicate(rule, c))</Attribute>\n"
            case let .each(each, _):
                out += "        <Attribute><SimplePredicate field=\"\(x(rule.signal))\" operator=\"isNotMissing\"/>"
                out += "<ComplexPartialScore><Apply function=\"*\">\(constant(rule.points))\(units(rule, each: each))</Apply></ComplexPartialScore></Attribute>\n"
            }
            out += "        <Attribute partialScore=\"0\"><True/></Attribute>\n"
            out += "      </Characteristic>\n"
        }
        out += "    </Characteristics>\n  </Scorecard>\n</PMML>\n"
        return ExportOutput(text: out, warnings: warnings)
    }
}
