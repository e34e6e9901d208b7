/// A card's rules fitted to a history: the penalty chosen (or the one requested), the prior
/// centred on the card when it is `prior`, and the fit. Every command and stage that fits a card
/// (`fit`, the review, the back-test's refits, the diagnostics) fits it through this one entry.
///
/// ```swift
/// let design = try DesignMatrix(card: card, deals: deals)
/// let fitted = try CardFit(design: design, card: card, requested: nil)   // nil: choose
/// fitted.penalty         // .firth when a rule separates won from lost, …
/// fitted.reason          // why, in a sentence
/// fitted.fit.coefficients
/// ```
public struct CardFit: Sendable {
    /// The fit.
    public var fit: LogisticFit
    /// The penalty used (a `prior` carries its means).
    public var penalty: Penalty
    /// Why that penalty, in a sentence for the reader.
    public var reason: String
    /// The history's distinct rule patterns (what the fit ran on). A table that was not
    /// compressed (every row its own pattern, see ``PatternTable/init(_:alwaysCompress:)``) is
    /// not kept: it is the design with each deal's won and lost weight, 16 bytes a deal that a
    /// review of ten million deals would hold to its end, so it is made again when asked for.
    public var patterns: PatternTable {
        switch ranOn {
        case .patterns(let table): table
        case .rows(let design): PatternTable(design)
        }
    }
    /// What the fit ran on: a compressed table, or the design whose rows were the patterns.
    private var ranOn: FittedRows
    /// A compressed pattern table, or the design whose rows it did not compress.
    private enum FittedRows: Sendable {
        case patterns(PatternTable)
        case rows(DesignMatrix)
    }
    /// How many patterns (or rows, when not compressed) the fit ran on.
    public var patternCount: Int
    /// Notes for the reader (a prior that could not be centred on the card, the reference level
    /// of an exhaustive group).
    public var notes: [String]
    /// How each of the card's groups (``RuleGroup``) covers the history; an exhaustive one is
    /// fitted with its ``GroupCoverage/reference`` level at 0.
    public var groups: [GroupCoverage]

    /// Fits `card`'s rules on `design` (the history encoded with `card`).
    ///
    /// - Parameters:
    ///   - requested: the penalty, or `nil` to choose one by history size and separation (see
    ///     ``choosePenalty(patterns:requested:)``). A `prior` with empty means is centred on the
    ///     current card, calibrated on this history (``CardPrior``).
    ///   - start: where the fit starts (intercept first, one coefficient per rule), e.g. a fit of
    ///     a history this one overlaps; it saves passes, the answer is the same (see
    ///     ``LogisticRegression/start``).
    /// A group of rules that is exhaustive on the history (every deal fires exactly one of its
    /// rules, see ``GroupCoverage``) is fitted with its most common level as the reference
    /// (coefficient 0, ``Exclusion/reference``) rather than failing as collinear, and a note says so.
    ///
    /// - Throws: ``FitError`` (collinear rules, or separation under an explicit `none` penalty).
    public init(design: DesignMatrix, card: Scorecard, requested: Penalty?, start: [Double]? = nil) throws {
        try self.init(design: design, patterns: PatternTable(design), card: card, requested: requested, start: start)
    }

    /// ``init(design:card:requested:start:)`` with the design's patterns already made
    /// (`PatternTable(design)`), for a caller that uses them after the fit too.
    init(design: DesignMatrix, patterns: PatternTable, card: Scorecard, requested: Penalty?, start: [Double]?) throws {
        let groups = GroupCoverage.of(card, patterns: patterns)
        let references = GroupCoverage.references(groups)
        // Choosing the penalty summarizes the columns, as the fit does: taken once for both.
        let summary = requested == nil ? ColumnSummary(patterns) : nil
        var (penalty, reason) = Self.choosePenalty(
            patterns: patterns, requested: requested, references: references, summary: summary)
        var notes: [String] = []
        if case .prior(let means, let lambda) = penalty, means.isEmpty {
            let prior = CardPrior(card: card, design: design)
            // A group's levels are fitted as differences from its reference level: so are their means.
            var centred = prior.means
            for g in groups {
                if let r = g.reference { for j in g.group.rules { centred[j] = prior.means[j] - prior.means[r] } }
            }
            penalty = .prior(means: centred, lambda: lambda)
            if let n = prior.note { notes.append(n) }
            reason += "; the card is worth \(NumberFormatting.fixed(prior.slope, 4)) log-odds per point on this history"
        }
        for g in groups {
            guard let r = g.reference else { continue }
            let ids = g.group.rules.map { card.rules[$0].id }.joined(separator: ", ")
            let deals = g.levelDeals[g.group.rules.firstIndex(of: r)!]
            notes.append(
                "every deal fires exactly one of the rules on \(g.group.signal) (\(ids)), so they are fitted against \(card.rules[r].id), the most common (\(NumberFormatting.count(deals)) deals): its coefficient is 0 and the others' are differences from it"
            )
        }
        var regression = LogisticRegression(penalty: penalty)
        regression.start = start
        regression.references = references
        regression.summary = summary
        self.fit = try regression.fit(patterns)
        self.penalty = penalty
        self.reason = reason
        self.ranOn = patterns.isCompressed ? .patterns(patterns) : .rows(design)
        self.patternCount = patterns.count
        self.notes = notes
        self.groups = groups
    }

    /// The penalty used when none is requested, and why:
    /// - `prior` (λ = 1) when there are fewer than 10 deals of the rarer outcome per fitted rule
    ///   (the usual events-per-variable rule): a small history should move the current card only
    ///   as far as its evidence carries, and the prior keeps every estimate finite;
    /// - `firth` when a rule separates won from lost in a larger history (maximum likelihood would
    ///   diverge; Firth's estimate is finite and nearly unbiased);
    /// - `none` (maximum likelihood) otherwise.
    ///
    /// A `prior` returned here has empty means; ``init(design:card:requested:)`` centres it.
    /// `references` are the columns fixed at 0 (``LogisticRegression/references``): not fitted,
    /// so not counted.
    public static func choosePenalty(patterns: PatternTable, requested: Penalty?, references: Set<Int> = []) -> (
        Penalty, String
    ) {
        choosePenalty(patterns: patterns, requested: requested, references: references, summary: nil)
    }

    /// ``choosePenalty(patterns:requested:references:)`` with the patterns' column summary when
    /// the caller has it (`nil`: taken here).
    static func choosePenalty(
        patterns: PatternTable, requested: Penalty?, references: Set<Int>, summary given: ColumnSummary?
    ) -> (Penalty, String) {
        if let requested { return (requested, "\(requested) (requested)") }
        let summary = given ?? ColumnSummary(patterns)
        let kept = LogisticRegression.screen(summary, ruleIDs: patterns.ruleIDs).kept.filter {
            !references.contains($0)
        }
        let separated = LogisticRegression.findSeparation(patterns, summary: summary, columns: kept)
        let rarer = min(patterns.totalWon, patterns.totalLost)
        let p = Double(max(kept.count, 1))
        if rarer / p < 10 {
            return (
                .prior(means: [], lambda: 1),
                "a fit centred on the current card (prior, lambda 1), because the history is small: \(JSONValue.format(rarer)) deal\(rarer == 1 ? "" : "s") of the rarer outcome for \(kept.count) fitted rules (fewer than 10 per rule), so the card moves only as far as the evidence carries it"
            )
        }
        if !separated.isEmpty {
            return (.firth, "Firth's bias-reduced fit, because " + separated.map(\.explanation).joined(separator: "; "))
        }
        return (
            .none,
            "maximum likelihood: \(JSONValue.format(rarer)) deal\(rarer == 1 ? "" : "s") of the rarer outcome for \(kept.count) fitted rules, and no rule separates won from lost"
        )
    }
}

extension LogisticRegression {
    /// Maximum likelihood, or Firth's fit (without profile intervals) where maximum likelihood
    /// fails: a thin subset of the history (one period, a score with few distinct values) may
    /// separate, and the caller needs a finite answer. `nil` when both fail.
    ///
    /// Firth runs only when it must, since it costs a pass over the hat matrix per iteration.
    ///
    /// - Parameters:
    ///   - start: where maximum likelihood starts (``start``), intercept first.
    ///   - references: columns fixed at 0 (``references``), e.g. the whole history's
    ///     ``LogisticFit/referenceColumns``.
    public static func fitWithFirthFallback(_ patterns: PatternTable, start: [Double]? = nil, references: Set<Int> = [])
        -> LogisticFit?
    {
        var ml = LogisticRegression()
        ml.start = start
        ml.references = references
        var firth = LogisticRegression(penalty: .firth, profileIntervals: false)
        firth.references = references
        return (try? ml.fit(patterns)) ?? (try? firth.fit(patterns))
    }
}
