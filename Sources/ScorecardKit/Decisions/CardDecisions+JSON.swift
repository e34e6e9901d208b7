/// The `flag` JSON document: the diagnostics with each rule's single decision.
extension CardDecisions.Result {
    /// ``SignalReport/json`` with `"decision": {"action", "newPoints", "why"}` on every rule (the
    /// same decision the review takes), the top-level `decisions` list, `refits` (how many times
    /// the card was fitted before no rule was left to drop) and the decisions' notes.
    public var json: JSONValue {
        guard case .object(var members) = signals.json, let k = members.firstIndex(where: { $0.0 == "rules" }),
            case .array(let rules) = members[k].1
        else { return signals.json }
        members[k].1 = .array(
            zip(rules, decisions).map { rule, decision in
                guard case .object(var m) = rule else { return rule }
                m.insert(
                    (
                        "decision",
                        .object([
                            ("action", .string(decision.action.rawValue)), ("newPoints", .optional(decision.newPoints)),
                            ("why", .string(decision.why)),
                        ])
                    ), at: 1)
                return .object(m)
            })
        members.append(("decisions", .array(decisions.map(\.json))))
        members.append(("refits", .number(Double(refits))))
        if let n = members.firstIndex(where: { $0.0 == "notes" }), case .array(let existing) = members[n].1 {
            members[n].1 = .array(existing + notes.map(JSONValue.string))
        }
        return .object(members)
    }
}
