/// The `fit` JSON document (keys fixed by DESIGN.md).
extension LogisticFit {
    /// `{"intercept", "rules": [...], "logLikelihood", "nullLogLikelihood", "iterations",
    /// "converged", "penalty", "dealsUsed", "dealsSkipped"}` plus `patterns`, `warnings` and
    /// `pointsPerLogOdds`.
    ///
    /// - Parameters:
    ///   - card: the card whose rules were fitted (for assigned points).
    ///   - factor: points per unit of log-odds, for `fittedPoints`.
    ///   - accounting: rows used and skipped.
    ///   - shifts: per rule, the points its exhaustive group was shifted by
    ///     (``PointsScaler/Result/shifts``), added to `fittedPoints`; empty for none.
    ///
    /// The reference level of an exhaustive group (``Exclusion/reference``) has `coefficient` 0,
    /// `"reference": true`, `fittedPoints` its group's shift, and `null` standard error, z, p
    /// and interval: its coefficient is fixed, not estimated.
    public func json(card: Scorecard, factor: Double, accounting: RowAccounting, shifts: [Double] = []) -> JSONValue {
        let rules: [JSONValue] = card.rules.indices.map { j in
            let rule = card.rules[j]
            let shift = j < shifts.count ? shifts[j] : 0
            var m: [(String, JSONValue)] = [("id", .string(rule.id))]
            if let e = estimates[j] {
                m += [
                    ("coefficient", .finite(e.coefficient)), ("stdError", .finite(e.stdError)), ("z", .finite(e.z)),
                    ("pValue", .finite(e.pValue)), ("ciLow", .finite(e.ciLow)), ("ciHigh", .finite(e.ciHigh)),
                    ("fittedPoints", .finite(factor * e.coefficient + shift)),
                ]
            } else if exclusions[rule.id] == .reference {
                m += [
                    ("coefficient", .number(0)), ("stdError", .null), ("z", .null), ("pValue", .null), ("ciLow", .null),
                    ("ciHigh", .null),
                    ("fittedPoints", .finite(shift)), ("reference", .bool(true)),
                ]
            } else {
                m += [
                    ("coefficient", .null), ("stdError", .null), ("z", .null), ("pValue", .null), ("ciLow", .null),
                    ("ciHigh", .null),
                    ("fittedPoints", .null), ("excluded", .string(exclusions[rule.id]?.rawValue ?? "excluded")),
                ]
            }
            m.append(("assignedPoints", .number(rule.points)))
            return .object(m)
        }
        return .object([
            (
                "intercept",
                .object([
                    ("coefficient", .finite(intercept.coefficient)), ("stdError", .finite(intercept.stdError)),
                    ("ciLow", .finite(intercept.ciLow)), ("ciHigh", .finite(intercept.ciHigh)),
                ])
            ),
            ("rules", .array(rules)),
            ("logLikelihood", .finite(logLikelihood)),
            ("nullLogLikelihood", .finite(nullLogLikelihood)),
            ("iterations", .number(Double(iterations))),
            ("converged", .bool(converged)),
            ("penalty", .string(penalty.name)),
            ("dealsUsed", .number(deals)),
            ("dealsSkipped", accounting.skippedJSON),
            ("dealsRead", .number(Double(accounting.read))),
            ("patterns", .number(Double(patternCount))),
            ("pointsPerLogOdds", .finite(factor)),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ])
    }
}
