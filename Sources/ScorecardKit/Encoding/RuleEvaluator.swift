/// Compiles a rule's test against a typed column into a per-row function.
enum RuleEvaluator {
    /// Returns the function `row → x` (indicator or units) for `rule` on `column`.
    ///
    /// - Throws: ``ScorecardError/typeMismatch(_:ruleID:message:)`` when the test cannot apply to
    ///   the column's type.
    ///   - cellLocation: where row i's cell of the column is in the history (file, line, column),
    ///     for an error caused by one value of the data rather than by the card.
    static func make(
        rule: Rule, column: SignalColumn, location: SourceLocation,
        cellLocation: ((Int) -> SourceLocation)? = nil
    ) throws -> @Sendable (Int) -> Double {
        func mismatch(_ message: String) -> ScorecardError {
            .typeMismatch(location, ruleID: rule.id, message: message)
        }
        let signal = quoted(rule.signal)
        switch rule.measure {
        case .each(let each, _):
            guard case .number(let v) = column else {
                var example = ""
                if case .category(let values) = column,
                    let first = values.lazy.compactMap({ $0 }).first(where: { SignalColumn.parseNumber($0) == nil })
                {
                    example = " (it holds \(quoted(first)), which is not a number)"
                }
                throw mismatch(
                    "\"each\" counts units of a number, but \(signal) is a \(column.typeName) column\(example)")
            }
            return { i in (v[i] ?? 0) / each }
        case .anyOf:
            preconditionFailure("a merged rule is evaluated part by part (DesignMatrix)")
        case .when(let condition):
            if case .category(let values) = column, let cellLocation {
                try checkTextTest(
                    condition, values: values, signal: signal, ruleID: rule.id, cellLocation: cellLocation,
                    mismatch: mismatch)
            }
            let test = try predicate(condition, column: column, signal: signal, mismatch: mismatch)
            return { i in test(i) ? 1 : 0 }
        }
    }

    /// A true/false or number test on a text column: when most values are true/false words and a
    /// few are not, the data are at fault (the first such cell is named); otherwise the card. A
    /// number test on a text column that no value equals would never fire: the card.
    private static func checkTextTest(
        _ condition: Condition, values: [String?], signal: String, ruleID: String,
        cellLocation: (Int) -> SourceLocation, mismatch: (String) -> ScorecardError
    ) throws {
        let wanted = condition.values
        let test = "\(condition.key) \(wanted.map(\.description).joined(separator: ", "))"
        let numbers = wanted.compactMap { if case .number(let x) = $0 { x } else { nil } }
        let anyBool = wanted.contains(where: { if case .bool = $0 { true } else { false } })
        // A test on text alone needs no look at the rows.
        guard anyBool || (!numbers.isEmpty && numbers.count == wanted.count) else { return }
        let present = values.indices.filter { values[$0] != nil }
        if anyBool {
            let misfits = present.filter { SignalColumn.parseBool(values[$0]!.trimmingWhitespace()) == nil }
            if let first = misfits.first {
                let cell = values[first]!
                guard misfits.count * 2 < present.count else {
                    throw mismatch(
                        "compares \(signal) with true/false (\(test)), but \(signal) is a text column (\(cellLocation(first)) has \(quoted(cell))); compare with the column's text instead"
                    )
                }
                throw ScorecardError.typeMismatch(
                    cellLocation(first), ruleID: ruleID,
                    message:
                        "\(signal) has \(quoted(cell)), which is not true/false, so the column is read as text and the rule's test (\(test)) cannot apply (\(misfits.count) such value\(misfits.count == 1 ? "" : "s")); correct the value, or mark it missing with --na \(quoted(cell.trimmingWhitespace()))"
                )
            }
        }
        if !numbers.isEmpty, numbers.count == wanted.count, let first = present.first,
            !present.contains(where: {
                SignalColumn.parseNumber(values[$0]!.trimmingWhitespace()).map(numbers.contains) ?? false
            })
        {
            throw mismatch(
                "compares \(signal) with a number (\(test)), but \(signal) is a text column and no value equals it (\(cellLocation(first)) has \(quoted(values[first]!))), so the rule would never fire; compare with the column's text instead"
            )
        }
    }

    /// For a plain test on a text column: whether it holds for each deal, a bit a row (the rule's
    /// value is its bit), with the checks and errors of ``make(rule:column:location:cellLocation:)``;
    /// `nil` for other rules and columns.
    static func textBits(
        rule: Rule, column: SignalColumn, location: SourceLocation, cellLocation: @escaping (Int) -> SourceLocation
    ) throws -> ColumnCodes? {
        guard !rule.isMerged, case .when = rule.measure, case .category(let values) = column else { return nil }
        let evaluate = try make(rule: rule, column: column, location: location, cellLocation: cellLocation)
        let n = values.count
        var words = [UInt64](repeating: 0, count: (n + 63) / 64)
        for i in 0..<n where evaluate(i) != 0 { words[i >> 6] |= 1 << UInt64(i & 63) }
        return .bits(words, count: n)
    }

    /// For a byte-coded column (see ``ColumnValues``): the codes and the rule's value for every
    /// code that occurs, found by evaluating the rule once per distinct value (so the errors and
    /// values are exactly those of ``make(rule:column:location:)``); `nil` for other columns.
    static func codeTable(rule: Rule, column: SignalColumn, location: SourceLocation) throws -> (
        codes: ColumnCodes, table: [Double]
    )? {
        if rule.isMerged { return nil }
        let codes: ColumnCodes
        switch column {
        case .number(let v):
            guard let c = v.storedCodes else { return nil }
            codes = c
        case .boolean(let v):
            guard let c = v.storedCodes else { return nil }
            codes = c
        default: return nil
        }
        let distinct = codes.present
        let values: SignalColumn
        if case .number = column {
            values = .number(ColumnValues(codes: distinct))
        } else {
            values = .boolean(ColumnValues(slots: distinct))
        }
        let evaluate = try make(rule: rule, column: values, location: location)
        var table = [Double](repeating: 0, count: 256)
        for (k, c) in distinct.enumerated() { table[Int(c)] = evaluate(k) }
        return (codes, table)
    }

    private static func predicate(
        _ condition: Condition, column: SignalColumn, signal: String,
        mismatch: (String) -> ScorecardError
    ) throws -> @Sendable (Int) -> Bool {
        switch column {
        case .number(let v):
            let isBinary = v.allSatisfy { $0 == nil || $0 == 0 || $0 == 1 }
            func target(_ c: ConditionValue) throws -> Double {
                switch c {
                case .number(let x): return x
                case .bool(let b):
                    guard isBinary else {
                        throw mismatch("compares \(signal) with \(c), but \(signal) holds numbers other than 0 and 1")
                    }
                    return b ? 1 : 0
                case .string(let s):
                    guard let x = SignalColumn.parseNumber(s.trimmingWhitespace()) else {
                        throw mismatch("compares \(signal) with text \(quoted(s)), but \(signal) is a number column")
                    }
                    return x
                }
            }
            switch condition {
            case .equals(let c):
                let x = try target(c)
                return { v[$0] == x }
            case .oneOf(let cs):
                let xs = Set(try cs.map(target))
                return { i in v[i].map { xs.contains($0) } ?? false }
            case .atLeast(let x): return { i in v[i].map { $0 >= x } ?? false }
            case .atMost(let x): return { i in v[i].map { $0 <= x } ?? false }
            case .between(let a, let b): return { i in v[i].map { $0 >= a && $0 <= b } ?? false }
            case .present(let want): return { (v[$0] != nil) == want }
            }
        case .boolean(let v):
            func target(_ c: ConditionValue) throws -> Bool {
                switch c {
                case .bool(let b): return b
                case .number(let x) where x == 0 || x == 1: return x == 1
                case .string(let s):
                    guard let b = SignalColumn.parseBool(s.trimmingWhitespace()) else {
                        throw mismatch(
                            "compares \(signal) with text \(quoted(s)), but \(signal) is a true/false column")
                    }
                    return b
                default: throw mismatch("compares \(signal) with \(c), but \(signal) is a true/false column")
                }
            }
            switch condition {
            case .equals(let c):
                let b = try target(c)
                return { v[$0] == b }
            case .oneOf(let cs):
                let bs = Set(try cs.map(target))
                return { i in v[i].map { bs.contains($0) } ?? false }
            case .atLeast, .atMost, .between:
                throw mismatch(
                    "\(condition.key) needs a number, but \(signal) is a true/false column; use {\"equals\": true}")
            case .present(let want): return { (v[$0] != nil) == want }
            }
        case .category(let v):
            func target(_ c: ConditionValue) throws -> String {
                switch c {
                case .string(let s): return s.trimmingWhitespace().lowercased()
                case .number(let x): return JSONValue.format(x)
                case .bool: throw mismatch("compares \(signal) with \(c), but \(signal) is a text column")
                }
            }
            // The test runs once per distinct value (lowercased), and each deal reads its answer:
            // from a short list of the first values met (a text column has a handful; comparing a
            // short string costs less than hashing it), else from a table.
            // The rows are shared out over the cores, each share with its own list.
            func perValue(_ test: @Sendable (String) -> Bool) -> @Sendable (Int) -> Bool {
                let answers = [Bool](unsafeUninitializedCapacity: v.count) { buffer, filled in
                    nonisolated(unsafe) let out = buffer
                    forEachChunk(count: v.count, minimumPerChunk: 1 << 16) { range, _ in
                        var first: [(value: String, answer: Bool)] = []
                        var seen: [String: Bool] = [:]
                        func answer(_ value: String?) -> Bool {
                            guard let value else { return false }
                            for known in first where known.value == value { return known.answer }
                            if let known = seen[value] { return known }
                            let answer = test(value.lowercased())
                            if first.count < 16 { first.append((value, answer)) } else { seen[value] = answer }
                            return answer
                        }
                        for i in range { (out.baseAddress! + i).initialize(to: answer(v[i])) }
                    }
                    filled = v.count
                }
                return { answers[$0] }
            }
            switch condition {
            case .equals(let c):
                let s = try target(c)
                return perValue { $0 == s }
            case .oneOf(let cs):
                let ss = Set(try cs.map(target))
                return perValue { ss.contains($0) }
            case .atLeast, .atMost, .between:
                let example = v.lazy.compactMap { $0 }.first.map { " (e.g. \(quoted($0)))" } ?? ""
                throw mismatch("\(condition.key) needs a number, but \(signal) is a text column\(example)")
            case .present(let want): return { (v[$0] != nil) == want }
            }
        case .date(let v):
            if case .present(let want) = condition { return { (v[$0] != nil) == want } }
            throw mismatch("\(signal) is a date column; a rule on it can only test {\"present\": true|false}")
        }
    }
}
