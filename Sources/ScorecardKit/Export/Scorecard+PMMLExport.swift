/// The `pmml` export: the card as a PMML 4.4 `Scorecard` model that any PMML engine runs.
extension Scorecard {
    /// The PMML type of each signal the card reads: the history's column type when a history is
    /// given and has the column (number → `double`, true/false → `boolean`, text and dates →
    /// `string`); else inferred from the rules: a number when a rule counts units or compares with
    /// a number bound or value, true/false when every value it is compared with is a Boolean, text
    /// otherwise.
    func pmmlFieldTypes(history: DealTable? = nil) -> [(name: String, type: String)] {
        var order: [String] = []
        var numeric: Set<String> = []
        var boolean: [String: Bool] = [:]
        for rule in rules {
            for signal in rule.signals where !order.contains(signal) { order.append(signal) }
            if rule.measure.isEach { numeric.insert(rule.signal) }
            for test in rule.measure.tests(signal: rule.signal) {
                let values: [ConditionValue]
                switch test.condition {
                case .equals(let v): values = [v]
                case .oneOf(let vs): values = vs
                case .atLeast, .atMost, .between:
                    numeric.insert(test.signal)
                    values = []
                case .present: values = []
                }
                for v in values {
                    switch v {
                    case .number: numeric.insert(test.signal)
                    case .bool: boolean[test.signal] = boolean[test.signal] ?? true
                    case .string: boolean[test.signal] = false
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
    /// `ComplexPartialScore` (units within the cap, times the points). A merged rule's attribute is
    /// a `CompoundPredicate` `or` of its parts; a gated rule's is a `CompoundPredicate` `and` of
    /// its own test and each gate's own test (PMML's three-valued logic: a missing value makes a
    /// test unknown, which selects no attribute, as a missing value fires nothing in
    /// ``DesignMatrix``). Decay (`halfLifeDays`) has no PMML form: such a rule gives its full
    /// points, and a warning says so.
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
        for rule in rules {
            for test in rule.measure.tests(signal: rule.signal) where typeOf[test.signal] == "string" {
                if test.condition.key == "equals" || test.condition.key == "in", !normalized.contains(test.signal) {
                    normalized.append(test.signal)
                }
            }
        }
        func normalizedName(_ signal: String) -> String { signal + " (trimmed, lower case)" }
        func field(_ signal: String, _ c: Condition?) -> String {
            if let c, c.key == "equals" || c.key == "in", typeOf[signal] == "string" { return normalizedName(signal) }
            return signal
        }
        /// A value as the field's type writes it.
        func value(_ v: ConditionValue, type: String) -> String {
            switch (v, type) {
            case (.string(let s), "string"): return s.trimmingWhitespace().lowercased()
            case (.string(let s), "boolean"):
                return SignalColumn.parseBool(s.trimmingWhitespace()).map { $0 ? "true" : "false" }
                    ?? s.trimmingWhitespace()
            case (.string(let s), _):
                return SignalColumn.parseNumber(s.trimmingWhitespace()).map(JSONValue.format) ?? s.trimmingWhitespace()
            case (.number(let n), "boolean"): return n == 1 ? "true" : "false"
            case (.number(let n), _): return JSONValue.format(n)
            case (.bool(let b), "double"): return b ? "1" : "0"
            case (.bool(let b), _): return b ? "true" : "false"
            }
        }
        func number(_ n: Double) -> String { JSONValue.format(n) }
        func constant(_ n: Double) -> String { "<Constant dataType=\"double\">\(number(n))</Constant>" }
        // The sum of `terms` as one expression (0 for none, the term itself for one).
        func sum(_ terms: [String]) -> String {
            terms.isEmpty
                ? constant(0) : terms.count == 1 ? terms[0] : "<Apply function=\"sum\">" + terms.joined() + "</Apply>"
        }

        /// A `when` test on `signal` as a PMML predicate.
        func predicate(_ signal: String, _ c: Condition) -> String {
            let f = x(field(signal, c))
            let type = typeOf[signal] ?? "string"
            switch c {
            case .equals(let v):
                return "<SimplePredicate field=\"\(f)\" operator=\"equal\" value=\"\(x(value(v, type: type)))\"/>"
            case .oneOf(let vs):
                // Array items are space-separated; quoted with `\"` inside, so any text survives.
                let items = vs.map {
                    "\"" + value($0, type: type).replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
                }
                let arrayType = type == "double" ? "real" : "string"
                let body =
                    arrayType == "real"
                    ? vs.map { value($0, type: type) }.joined(separator: " ") : items.joined(separator: " ")
                return
                    "<SimpleSetPredicate field=\"\(f)\" booleanOperator=\"isIn\"><Array type=\"\(arrayType)\" n=\"\(vs.count)\">\(x(body))</Array></SimpleSetPredicate>"
            case .atLeast(let a):
                return "<SimplePredicate field=\"\(f)\" operator=\"greaterOrEqual\" value=\"\(number(a))\"/>"
            case .atMost(let b):
                return "<SimplePredicate field=\"\(f)\" operator=\"lessOrEqual\" value=\"\(number(b))\"/>"
            case .between(let a, let b):
                return
                    "<CompoundPredicate booleanOperator=\"and\"><SimplePredicate field=\"\(f)\" operator=\"greaterOrEqual\" value=\"\(number(a))\"/><SimplePredicate field=\"\(f)\" operator=\"lessOrEqual\" value=\"\(number(b))\"/></CompoundPredicate>"
            case .present(let p):
                return "<SimplePredicate field=\"\(f)\" operator=\"\(p ? "isNotMissing" : "isMissing")\"/>"
            }
        }
        /// The units an `each` rule counts, within its cap, as an expression.
        func units(_ rule: Rule, each: Double) -> String {
            var u = "<Apply function=\"/\"><FieldRef field=\"\(x(rule.signal))\"/>\(constant(each))</Apply>"
            if let cap = rule.capUnits { u = "<Apply function=\"min\">\(u)\(constant(cap))</Apply>" }
            return u
        }
        /// Whether `rule`'s own test holds, as a predicate: its condition, its parts joined by `or`,
        /// or a present, non-zero count for an `each` rule (what "fires" means for a gate).
        func firesPredicate(_ rule: Rule) -> String {
            switch rule.measure {
            case .when(let c): return predicate(rule.signal, c)
            case .anyOf(let parts):
                let each = parts.map { predicate($0.signal, $0.condition) }
                return each.count == 1
                    ? each[0] : "<CompoundPredicate booleanOperator=\"or\">" + each.joined() + "</CompoundPredicate>"
            case .each:
                return
                    "<CompoundPredicate booleanOperator=\"and\"><SimplePredicate field=\"\(x(rule.signal))\" operator=\"isNotMissing\"/><SimplePredicate field=\"\(x(rule.signal))\" operator=\"notEqual\" value=\"0\"/></CompoundPredicate>"
            }
        }
        /// The predicate of the rule's scoring attribute: its own test (for an `each` rule, that
        /// the signal is present), and with gates each gate's own test too.
        func attributePredicate(_ rule: Rule) -> String {
            let own =
                rule.measure.isEach
                ? "<SimplePredicate field=\"\(x(rule.signal))\" operator=\"isNotMissing\"/>" : firesPredicate(rule)
            if rule.onlyWith.isEmpty { return own }
            return "<CompoundPredicate booleanOperator=\"and\">" + own
                + gateRules(of: rule).map(firesPredicate).joined() + "</CompoundPredicate>"
        }
        let no = "<Constant dataType=\"boolean\">false</Constant>"
        func ifThen(_ test: String, _ yes: String, _ no: String) -> String {
            "<Apply function=\"if\">\(test)\(yes)\(no)</Apply>"
        }
        func isMissing(_ f: String) -> String { "<Apply function=\"isMissing\"><FieldRef field=\"\(x(f))\"/></Apply>" }
        /// A `when` test other than `present` as an expression (missing when the value is).
        func comparison(_ signal: String, _ c: Condition) -> String {
            let name = field(signal, c)
            let f = "<FieldRef field=\"\(x(name))\"/>"
            let type = typeOf[signal] ?? "string"
            let dataType = type == "double" ? "double" : type
            func lit(_ v: ConditionValue) -> String {
                "<Constant dataType=\"\(dataType)\">\(x(value(v, type: type)))</Constant>"
            }
            switch c {
            case .present(let p): return p ? "<Apply function=\"isNotMissing\">\(f)</Apply>" : isMissing(name)
            case .equals(let v): return "<Apply function=\"equal\">\(f)\(lit(v))</Apply>"
            case .oneOf(let vs): return "<Apply function=\"isIn\">\(f)" + vs.map(lit).joined() + "</Apply>"
            case .atLeast(let a): return "<Apply function=\"greaterOrEqual\">\(f)\(constant(a))</Apply>"
            case .atMost(let b): return "<Apply function=\"lessOrEqual\">\(f)\(constant(b))</Apply>"
            case .between(let a, let b):
                return
                    "<Apply function=\"and\"><Apply function=\"greaterOrEqual\">\(f)\(constant(a))</Apply><Apply function=\"lessOrEqual\">\(f)\(constant(b))</Apply></Apply>"
            }
        }
        /// A `when` test as an expression that is true or false, never missing (false on a missing
        /// value but for `present: false`).
        func testExpression(_ signal: String, _ c: Condition) -> String {
            if case .present = c { return comparison(signal, c) }
            return ifThen(isMissing(field(signal, c)), no, comparison(signal, c))
        }
        /// Whether `rule`'s own test holds, as an expression that is never missing.
        func firesExpression(_ rule: Rule) -> String {
            switch rule.measure {
            case .each:
                return ifThen(
                    isMissing(rule.signal), no,
                    "<Apply function=\"notEqual\"><FieldRef field=\"\(x(rule.signal))\"/>\(constant(0))</Apply>")
            case .when, .anyOf:
                let tests = rule.measure.tests(signal: rule.signal).map { testExpression($0.signal, $0.condition) }
                return tests.count == 1 ? tests[0] : "<Apply function=\"or\">" + tests.joined() + "</Apply>"
            }
        }
        /// The rule's points as an expression (for the fit and behavior subscores of a dual-bar
        /// card, and the count of rules that gave points).
        func pointsExpression(_ rule: Rule) -> String {
            let own: String
            switch rule.measure {
            case .each(let each, _):
                own = ifThen(
                    isMissing(rule.signal), constant(0),
                    "<Apply function=\"*\">\(constant(rule.points))\(units(rule, each: each))</Apply>")
            case .when(.present(let p)):
                own = ifThen(isMissing(rule.signal), constant(p ? 0 : rule.points), constant(p ? rule.points : 0))
            case .when(let c):
                own = ifThen(
                    isMissing(field(rule.signal, c)), constant(0),
                    ifThen(comparison(rule.signal, c), constant(rule.points), constant(0)))
            case .anyOf:
                own = ifThen(firesExpression(rule), constant(rule.points), constant(0))
            }
            if rule.onlyWith.isEmpty { return own }
            let gates = gateRules(of: rule).map(firesExpression)
            return ifThen(
                gates.count == 1 ? gates[0] : "<Apply function=\"and\">" + gates.joined() + "</Apply>", own, constant(0)
            )
        }
        /// Rounded half away from zero, as ``scores(_:)`` rounds.
        func rounded(_ e: String) -> String {
            "<Apply function=\"if\"><Apply function=\"lessThan\">\(e)\(constant(0))</Apply>"
                + "<Apply function=\"*\">\(constant(-1))<Apply function=\"round\"><Apply function=\"*\">\(constant(-1))\(e)</Apply></Apply></Apply>"
                + "<Apply function=\"round\">\(e)</Apply></Apply>"
        }

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">\n"
        out +=
            "  <Header description=\"\(x(exportHeader))\">\n    <Application name=\"ScorecardKit\" version=\"\(ScorecardKitVersion.current)\"/>\n  </Header>\n"
        out += "  <DataDictionary numberOfFields=\"\(types.count)\">\n"
        for t in types {
            out +=
                "    <DataField name=\"\(x(t.name))\" optype=\"\(t.type == "double" ? "continuous" : "categorical")\" dataType=\"\(t.type)\"/>\n"
        }
        out += "  </DataDictionary>\n"
        if !normalized.isEmpty {
            out += "  <TransformationDictionary>\n"
            for s in normalized {
                out += "    <DerivedField name=\"\(x(normalizedName(s)))\" optype=\"categorical\" dataType=\"string\">"
                // Missing stays missing (trimBlanks refuses a missing value): `if` without an else.
                out += "<Apply function=\"if\"><Apply function=\"isNotMissing\"><FieldRef field=\"\(x(s))\"/></Apply>"
                out +=
                    "<Apply function=\"lowercase\"><Apply function=\"trimBlanks\"><FieldRef field=\"\(x(s))\"/></Apply></Apply></Apply></DerivedField>\n"
            }
            out += "  </TransformationDictionary>\n"
        }
        out +=
            "  <Scorecard modelName=\"\(x(name))\" functionName=\"regression\" useReasonCodes=\"true\" reasonCodeAlgorithm=\"pointsAbove\" initialScore=\"0\" baselineScore=\"0\" baselineMethod=\"other\">\n"
        out += "    <MiningSchema>\n"
        for t in types { out += "      <MiningField name=\"\(x(t.name))\"/>\n" }
        out += "    </MiningSchema>\n"
        out += "    <Output>\n"
        out +=
            "      <OutputField name=\"points\" feature=\"predictedValue\" dataType=\"double\" optype=\"continuous\"/>\n"
        out +=
            "      <OutputField name=\"score\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(rounded("<FieldRef field=\"points\"/>"))</OutputField>\n"
        // PMML ranks every characteristic's points above the baseline, 0 and below included; a
        // reason is a rule that gave points, so reasonN is the Nth ranked code only while the lead
        // has N rules with positive points.
        for k in 1...4 {
            out +=
                "      <OutputField name=\"ranked_reason\(k)\" feature=\"reasonCode\" rank=\"\(k)\" dataType=\"string\" optype=\"categorical\"/>\n"
        }
        let positives = rules.map {
            "<Apply function=\"if\"><Apply function=\"greaterThan\">\(pointsExpression($0))\(constant(0))</Apply>\(constant(1))\(constant(0))</Apply>"
        }
        let count = sum(positives)
        out +=
            "      <OutputField name=\"positive_reasons\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(count)</OutputField>\n"
        for k in 1...4 {
            out +=
                "      <OutputField name=\"reason\(k)\" feature=\"transformedValue\" dataType=\"string\" optype=\"categorical\"><Apply function=\"if\">"
            out +=
                "<Apply function=\"greaterOrEqual\"><FieldRef field=\"positive_reasons\"/>\(constant(Double(k)))</Apply><FieldRef field=\"ranked_reason\(k)\"/></Apply></OutputField>\n"
        }
        var test = ["<Apply function=\"greaterOrEqual\"><FieldRef field=\"score\"/>\(constant(threshold))</Apply>"]
        if qualification.hasBars {
            for kind in RuleKind.allCases {
                let terms = rules.filter { $0.kind == kind }.map(pointsExpression)
                out +=
                    "      <OutputField name=\"\(kind.rawValue)_score\" feature=\"transformedValue\" dataType=\"double\" optype=\"continuous\">\(rounded(sum(terms)))</OutputField>\n"
            }
            if let minFit {
                test.append(
                    "<Apply function=\"greaterOrEqual\"><FieldRef field=\"fit_score\"/>\(constant(minFit))</Apply>")
            }
            if let minBehavior {
                test.append(
                    "<Apply function=\"greaterOrEqual\"><FieldRef field=\"behavior_score\"/>\(constant(minBehavior))</Apply>"
                )
            }
        }
        let sql = test.count == 1 ? test[0] : "<Apply function=\"and\">" + test.joined() + "</Apply>"
        out +=
            "      <OutputField name=\"is_sql\" feature=\"transformedValue\" dataType=\"boolean\" optype=\"categorical\">\(sql)</OutputField>\n"
        out += "    </Output>\n"
        out += "    <Characteristics>\n"
        for rule in rules {
            out += "      <Characteristic name=\"\(x(rule.id))\" reasonCode=\"\(x(rule.id))\" baselineScore=\"0\">\n"
            if let half = rule.halfLifeDays {
                out +=
                    "        <Extension name=\"halfLifeDays\" value=\"\(number(half))\"><!-- not applied: PMML scores this rule at its full points --></Extension>\n"
                warnings.append(
                    "rule \(quoted(rule.id)) decays (halfLifeDays \(number(half))), which PMML cannot express: the PMML gives its full \(number(rule.points)) points however old the signal is"
                )
            }
            if case .each(let each, _) = rule.measure {
                out += "        <Attribute>\(attributePredicate(rule))"
                out +=
                    "<ComplexPartialScore><Apply function=\"*\">\(constant(rule.points))\(units(rule, each: each))</Apply></ComplexPartialScore></Attribute>\n"
            } else {
                out +=
                    "        <Attribute partialScore=\"\(number(rule.points))\">\(attributePredicate(rule))</Attribute>\n"
            }
            out += "        <Attribute partialScore=\"0\"><True/></Attribute>\n"
            out += "      </Characteristic>\n"
        }
        out += "    </Characteristics>\n  </Scorecard>\n</PMML>\n"
        return ExportOutput(text: out, warnings: warnings)
    }
}
