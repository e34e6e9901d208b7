/// Reading and writing `scorecard/v1` JSON.
extension Scorecard {
    static let topKeys = ["schema", "name", "threshold", "minFit", "minBehavior", "rules", "description", "metadata"]
    static let ruleKeys = [
        "id", "kind", "signal", "when", "each", "anyOf", "onlyWith", "points", "cap", "capUnits", "source",
        "halfLifeDays", "label",
    ]
    static let partKeys = ["signal", "when"]
    static let conditionKeys = ["equals", "in", "atLeast", "atMost", "between", "present"]

    /// Parses and validates a `scorecard/v1` document.
    ///
    /// Checks: the schema tag, unknown keys at every level (with a "did you mean" hint), required
    /// keys, value types, duplicate rule ids, a rule with both or neither of `when`/`each`, `each`
    /// and `halfLifeDays` > 0, `cap` only with `each`, `between` with lo ≤ hi; a merged rule's
    /// `anyOf` (in place of `signal` and `when`: a non-empty list of `{"signal", "when"}` parts, no
    /// `each` part, no decay), a gated rule's `onlyWith` (ids of other rules of the card, no
    /// repeats, gates that never lead back to the rule).
    ///
    /// - Throws: ``JSONError`` or ``ScorecardError``, each naming the file, line and column.
    public init(json text: String, file: String) throws {
        let doc = try JSONValue.parse(text, file: file)
        guard let top = doc.value.members else {
            throw ScorecardError.invalidValue(
                doc.location(""), key: "scorecard", message: "must be a JSON object; got \(doc.value.typeName)")
        }
        func unknown(_ members: [(String, JSONValue)], _ allowed: [String], _ path: String) throws {
            for (k, _) in members where !allowed.contains(k) {
                throw ScorecardError.unknownKey(doc.keyLocation(path, k), key: k, allowed: allowed)
            }
        }
        try unknown(top, Self.topKeys, "")
        let root = doc.value
        guard let schema = root["schema"] else {
            throw ScorecardError.missingKey(doc.location(""), key: "schema", context: "the scorecard")
        }
        guard schema.string == Self.schema else {
            throw ScorecardError.invalidValue(
                doc.location("schema"), key: "schema",
                message: "must be \"\(Self.schema)\"; got \(schema.string.map { quoted($0) } ?? schema.typeName)")
        }
        func number(_ v: JSONValue?, _ key: String, _ path: String) throws -> Double? {
            guard let v else { return nil }
            guard let x = v.number else {
                throw ScorecardError.invalidValue(
                    doc.location(path), key: key, message: "must be a number; got \(v.typeName)")
            }
            return x
        }
        func string(_ v: JSONValue?, _ key: String, _ path: String) throws -> String? {
            guard let v else { return nil }
            guard let s = v.string else {
                throw ScorecardError.invalidValue(
                    doc.location(path), key: key, message: "must be a string; got \(v.typeName)")
            }
            return s
        }
        let name = try string(root["name"], "name", "name") ?? "Scorecard"
        guard let threshold = try number(root["threshold"], "threshold", "threshold") else {
            throw ScorecardError.missingKey(doc.location(""), key: "threshold", context: "the scorecard")
        }
        let minFit = try number(root["minFit"], "minFit", "minFit")
        let minBehavior = try number(root["minBehavior"], "minBehavior", "minBehavior")
        let description = try string(root["description"], "description", "description")
        guard let rulesValue = root["rules"] else {
            throw ScorecardError.missingKey(doc.location(""), key: "rules", context: "the scorecard")
        }
        guard let ruleValues = rulesValue.array else {
            throw ScorecardError.invalidValue(
                doc.location("rules"), key: "rules", message: "must be an array of rules; got \(rulesValue.typeName)")
        }
        var rules: [Rule] = []
        var firstIndex: [String: Int] = [:]
        for (i, rv) in ruleValues.enumerated() {
            let p = "rules[\(i)]"
            guard let members = rv.members else {
                throw ScorecardError.invalidValue(
                    doc.location(p), key: p, message: "must be an object; got \(rv.typeName)")
            }
            try unknown(members, Self.ruleKeys, p)
            guard let id = try string(rv["id"], "id", p + ".id"), !id.isEmpty else {
                throw ScorecardError.missingKey(doc.location(p), key: "id", context: p)
            }
            if let f = firstIndex[id] {
                throw ScorecardError.duplicateRuleID(doc.location(p + ".id"), id: id, firstIndex: f)
            }
            firstIndex[id] = i
            let ctx = "rule \(quoted(id))"
            let parts = try rv["anyOf"].map { try Self.parts($0, path: p + ".anyOf", context: ctx, doc: doc) }
            if parts != nil {
                for key in ["signal", "when", "each", "cap", "capUnits", "halfLifeDays"] where rv[key] != nil {
                    let why =
                        key == "halfLifeDays"
                        ? "a merged rule reads several signals, so no one <signal>_at says how old it is"
                        : "a merged rule's parts carry their own signal and test"
                    throw ScorecardError.invalidValue(
                        doc.keyLocation(p, key), key: key,
                        message: "cannot be combined with \"anyOf\" in \(ctx): \(why)")
                }
            }
            guard let signal = try parts.map({ $0[0].signal }) ?? string(rv["signal"], "signal", p + ".signal"),
                !signal.isEmpty
            else {
                throw ScorecardError.missingKey(doc.location(p), key: "signal", context: ctx)
            }
            let onlyWith = try rv["onlyWith"].map { try Self.gates($0, path: p + ".onlyWith", id: id, doc: doc) } ?? []
            guard let points = try number(rv["points"], "points", p + ".points") else {
                throw ScorecardError.missingKey(doc.location(p), key: "points", context: ctx)
            }
            let kindText = try string(rv["kind"], "kind", p + ".kind") ?? "behavior"
            guard let kind = RuleKind(rawValue: kindText) else {
                throw ScorecardError.invalidValue(
                    doc.location(p + ".kind"), key: "kind",
                    message: "must be \"fit\" or \"behavior\"; got \(quoted(kindText))")
            }
            let source = try string(rv["source"], "source", p + ".source")
            let label = try string(rv["label"], "label", p + ".label")
            let halfLife = try number(rv["halfLifeDays"], "halfLifeDays", p + ".halfLifeDays")
            if let h = halfLife, !(h > 0) {
                throw ScorecardError.invalidValue(
                    doc.location(p + ".halfLifeDays"), key: "halfLifeDays",
                    message: "must be > 0; got \(JSONValue.format(h))")
            }
            let measure: RuleMeasure
            var capInUnits: Double? = nil
            switch (rv["when"], rv["each"], parts) {
            case (nil, nil, let parts?):
                measure = .anyOf(parts)
            case (nil, nil, nil):
                throw ScorecardError.missingKey(
                    doc.location(p), key: "when", context: ctx + " (a rule needs \"when\", \"each\" or \"anyOf\")")
            case (_?, _?, _):
                throw ScorecardError.invalidValue(
                    doc.location(p + ".each"), key: "each",
                    message: "cannot be combined with \"when\" in \(ctx); use one or the other")
            case (let w?, nil, _):
                for key in ["cap", "capUnits"] where rv[key] != nil {
                    throw ScorecardError.invalidValue(
                        doc.location(p + "." + key), key: key, message: "only applies to an \"each\" rule")
                }
                measure = .when(try Self.condition(w, path: p + ".when", doc: doc))
            case (nil, let e?, _):
                guard let each = e.number, each > 0 else {
                    throw ScorecardError.invalidValue(
                        doc.location(p + ".each"), key: "each",
                        message:
                            "must be a number > 0 (units per award of points); got \(e.number.map(JSONValue.format) ?? e.typeName)"
                    )
                }
                let cap = try number(rv["cap"], "cap", p + ".cap")
                if let c = cap, !(c > 0) {
                    throw ScorecardError.invalidValue(
                        doc.location(p + ".cap"), key: "cap",
                        message: "must be > 0 (the most points the rule can give); got \(JSONValue.format(c))")
                }
                let capUnits = try number(rv["capUnits"], "capUnits", p + ".capUnits")
                if let u = capUnits, !(u > 0) {
                    throw ScorecardError.invalidValue(
                        doc.location(p + ".capUnits"), key: "capUnits",
                        message: "must be > 0 (the most units that count); got \(JSONValue.format(u))")
                }
                if cap != nil, capUnits != nil {
                    throw ScorecardError.invalidValue(
                        doc.location(p + ".capUnits"), key: "capUnits",
                        message: "cannot be combined with \"cap\" in \(ctx); give the cap in points or in units")
                }
                measure = .each(each, cap: cap)
                capInUnits = capUnits
            }
            rules.append(
                Rule(
                    id: id, kind: kind, signal: signal, measure: measure, points: points, source: source,
                    halfLifeDays: halfLife, label: label,
                    capInUnits: capInUnits, onlyWith: onlyWith))
        }
        try Self.checkGates(rules, doc: doc)
        self.init(
            name: name, threshold: threshold, rules: rules, minFit: minFit, minBehavior: minBehavior,
            metadata: root["metadata"])
        self.description = description
        self.source = doc
    }

    /// The parts of a merged rule's `anyOf`: a non-empty array of `{"signal", "when"}` objects.
    static func parts(_ value: JSONValue, path: String, context: String, doc: ParsedJSON) throws -> [RulePart] {
        guard let items = value.array, !items.isEmpty else {
            throw ScorecardError.invalidValue(
                doc.location(path), key: "anyOf",
                message:
                    "must be a non-empty array of parts such as {\"signal\": \"demo_request\", \"when\": {\"equals\": true}}; got \(value.array == nil ? value.typeName : "an empty array")"
            )
        }
        return try items.enumerated().map { k, item in
            let pp = "\(path)[\(k)]"
            guard let members = item.members else {
                throw ScorecardError.invalidValue(
                    doc.location(pp), key: "anyOf",
                    message: "parts must be objects with \"signal\" and \"when\"; got \(item.typeName)")
            }
            if item["each"] != nil {
                throw ScorecardError.invalidValue(
                    doc.keyLocation(pp, "each"), key: "each",
                    message:
                        "cannot be a part of \"anyOf\" in \(context): a merged rule fires or not, and a per-unit count has no fired/not state to join with \"or\"; give the count a rule of its own"
                )
            }
            for (key, _) in members where !partKeys.contains(key) {
                throw ScorecardError.unknownKey(doc.keyLocation(pp, key), key: key, allowed: partKeys)
            }
            guard let signal = item["signal"]?.string, !signal.isEmpty else {
                if let v = item["signal"] {
                    throw ScorecardError.invalidValue(
                        doc.location(pp + ".signal"), key: "signal",
                        message: "must be a non-empty string; got \(v.typeName)")
                }
                throw ScorecardError.missingKey(doc.location(pp), key: "signal", context: "\(context)'s anyOf[\(k)]")
            }
            guard let w = item["when"] else {
                throw ScorecardError.missingKey(doc.location(pp), key: "when", context: "\(context)'s anyOf[\(k)]")
            }
            return RulePart(signal: signal, condition: try condition(w, path: pp + ".when", doc: doc))
        }
    }

    /// The ids of a gated rule's `onlyWith`: a non-empty array of distinct ids other than its own.
    static func gates(_ value: JSONValue, path: String, id: String, doc: ParsedJSON) throws -> [String] {
        guard let items = value.array, !items.isEmpty else {
            throw ScorecardError.invalidValue(
                doc.location(path), key: "onlyWith",
                message:
                    "must be a non-empty array of rule ids; got \(value.array == nil ? value.typeName : "an empty array")"
            )
        }
        var ids: [String] = []
        for (k, item) in items.enumerated() {
            guard let name = item.string, !name.isEmpty else {
                throw ScorecardError.invalidValue(
                    doc.location("\(path)[\(k)]"), key: "onlyWith",
                    message: "must list rule ids (strings); got \(item.typeName)")
            }
            if ids.contains(name) {
                throw ScorecardError.invalidValue(
                    doc.location("\(path)[\(k)]"), key: "onlyWith", message: "names rule \(quoted(name)) twice")
            }
            ids.append(name)
        }
        return ids
    }

    /// Every `onlyWith` names a rule of the card, and no chain of gates leads back to where it
    /// started (a rule gated on itself included).
    static func checkGates(_ rules: [Rule], doc: ParsedJSON) throws {
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, rule) in rules.enumerated() {
            for (k, gate) in rule.onlyWith.enumerated() where index[gate] == nil {
                throw ScorecardError.unknownRule(
                    doc.location("rules[\(i)].onlyWith[\(k)]"), ruleID: rule.id, named: gate, available: rules.map(\.id)
                )
            }
        }
        if let cycle = gateCycle(rules) {
            let i = index[cycle[0]]!
            let k = rules[i].onlyWith.firstIndex(of: cycle[1])!
            throw ScorecardError.gateCycle(doc.location("rules[\(i)].onlyWith[\(k)]"), cycle: cycle)
        }
    }

    /// The first cycle of `onlyWith` gates in card order (ids, the first repeated at the end), or
    /// `nil`; gates naming no rule of the card are ignored.
    static func gateCycle(_ rules: [Rule]) -> [String]? {
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [UInt8](repeating: 0, count: rules.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ i: Int) -> [String]? {
            state[i] = 1
            path.append(i)
            for gate in rules[i].onlyWith {
                guard let g = index[gate] else { continue }
                if state[g] == 1 { return path[path.firstIndex(of: g)!...].map { rules[$0].id } + [rules[g].id] }
                if state[g] == 0, let cycle = visit(g) { return cycle }
            }
            state[i] = 2
            path.removeLast()
            return nil
        }
        for i in rules.indices where state[i] == 0 {
            if let cycle = visit(i) { return cycle }
        }
        return nil
    }

    static func condition(_ w: JSONValue, path: String, doc: ParsedJSON) throws -> Condition {
        guard let members = w.members else {
            throw ScorecardError.invalidValue(
                doc.location(path), key: "when",
                message: "must be an object such as {\"equals\": true}; got \(w.typeName)")
        }
        for (k, _) in members where !conditionKeys.contains(k) {
            throw ScorecardError.unknownKey(doc.keyLocation(path, k), key: k, allowed: conditionKeys)
        }
        guard members.count == 1, let (key, v) = members.first else {
            throw ScorecardError.invalidValue(
                doc.location(path), key: "when",
                message: "must have exactly one test (\(conditionKeys.joined(separator: ", "))); got \(members.count)")
        }
        let vp = path + "." + key
        func scalar(_ v: JSONValue, _ p: String) throws -> ConditionValue {
            switch v {
            case .string(let s): return .string(s)
            case .number(let x): return .number(x)
            case .bool(let b): return .bool(b)
            default:
                throw ScorecardError.invalidValue(
                    doc.location(p), key: key, message: "must be a string, number or boolean; got \(v.typeName)")
            }
        }
        func num(_ v: JSONValue, _ p: String) throws -> Double {
            guard let x = v.number else {
                throw ScorecardError.invalidValue(
                    doc.location(p), key: key, message: "must be a number; got \(v.typeName)")
            }
            return x
        }
        switch key {
        case "equals": return .equals(try scalar(v, vp))
        case "in":
            guard let items = v.array, !items.isEmpty else {
                throw ScorecardError.invalidValue(
                    doc.location(vp), key: key, message: "must be a non-empty array of values; got \(v.typeName)")
            }
            return .oneOf(try items.enumerated().map { try scalar($1, "\(vp)[\($0)]") })
        case "atLeast": return .atLeast(try num(v, vp))
        case "atMost": return .atMost(try num(v, vp))
        case "between":
            guard let items = v.array, items.count == 2 else {
                throw ScorecardError.invalidValue(
                    doc.location(vp), key: key, message: "must be [lo, hi]; got \(v.typeName)")
            }
            let lo = try num(items[0], vp + "[0]")
            let hi = try num(items[1], vp + "[1]")
            guard lo <= hi else {
                throw ScorecardError.invalidValue(
                    doc.location(vp), key: key,
                    message: "needs lo ≤ hi; got [\(JSONValue.format(lo)), \(JSONValue.format(hi))]")
            }
            return .between(lo, hi)
        default:
            guard let b = v.bool else {
                throw ScorecardError.invalidValue(
                    doc.location(vp), key: key, message: "must be true or false; got \(v.typeName)")
            }
            return .present(b)
        }
    }

    /// The card as a `scorecard/v1` JSON value (keys in the documented order).
    public var json: JSONValue {
        var top: [(String, JSONValue)] = [("schema", .string(Self.schema)), ("name", .string(name))]
        if let description { top.append(("description", .string(description))) }
        top.append(("threshold", .number(threshold)))
        if let minFit { top.append(("minFit", .number(minFit))) }
        if let minBehavior { top.append(("minBehavior", .number(minBehavior))) }
        top.append(("rules", .array(rules.map(\.json))))
        if let metadata { top.append(("metadata", metadata)) }
        return .object(top)
    }
}

extension Rule {
    /// The rule as a `scorecard/v1` JSON object.
    public var json: JSONValue {
        var m: [(String, JSONValue)] = [("id", .string(id))]
        if let label { m.append(("label", .string(label))) }
        m.append(("kind", .string(kind.rawValue)))
        if let source { m.append(("source", .string(source))) }
        switch measure {
        case .when(let c): m += [("signal", .string(signal)), ("when", c.json)]
        case .each(let e, _): m += [("signal", .string(signal)), ("each", .number(e))]
        case .anyOf(let parts):
            m.append(
                ("anyOf", .array(parts.map { .object([("signal", .string($0.signal)), ("when", $0.condition.json)]) })))
        }
        if !onlyWith.isEmpty { m.append(("onlyWith", .array(onlyWith.map(JSONValue.string)))) }
        m.append(("points", .number(points)))
        if case .each(_, let cap?) = measure { m.append(("cap", .number(cap))) }
        if let capInUnits { m.append(("capUnits", .number(capInUnits))) }
        if let halfLifeDays { m.append(("halfLifeDays", .number(halfLifeDays))) }
        return .object(m)
    }
}
