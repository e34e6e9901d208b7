/// One candidate pair of bars: fit subscore ≥ `fit` and behavior subscore ≥ `behavior`.
public struct DualThresholdRow: Sendable, Equatable {
    /// The fit bar.
    public var fit: Double
    /// The behavior bar.
    public var behavior: Double
    /// Won deals meeting both bars.
    public var won: Double
    /// Lost deals meeting both bars.
    public var lost: Double
    /// Share of won deals meeting both bars.
    public var recall: Double
    /// SQL-to-won rate among deals meeting both bars.
    public var precision: Double
}

/// The search for dual bars (fit ≥ a AND behavior ≥ b) that give the best SQL-to-won rate while
/// keeping recall at or above a target.
///
/// Every pair of distinct fit and behavior subscores is tried. Counts at or above each pair come
/// from a two-dimensional suffix sum over a grid of (fit, behavior) cells.
///
/// - Complexity: O(n + fitLevels·behaviorLevels) for fitLevels distinct fit and behaviorLevels distinct behavior subscores.
public enum DualThreshold {
    /// The best `top` pairs by precision (then recall, then the higher bars) with recall ≥ `recall`.
    public static func search(
        fit: [Double], behavior: [Double], won: [Bool], weights: [Double]? = nil, recall target: Double, top: Int = 5
    ) -> [DualThresholdRow] {
        precondition(fit.count == behavior.count && fit.count == won.count, "one fit and behavior score per deal")
        let fits = Array(Set(fit)).sorted()
        let behaviors = Array(Set(behavior)).sorted()
        let fitLevels = fits.count
        let behaviorLevels = behaviors.count
        guard fitLevels > 0, behaviorLevels > 0 else { return [] }
        let fitIndex = Dictionary(uniqueKeysWithValues: fits.enumerated().map { ($1, $0) })
        let behaviorIndex = Dictionary(uniqueKeysWithValues: behaviors.enumerated().map { ($1, $0) })
        var wonGrid = [Double](repeating: 0, count: (fitLevels + 1) * (behaviorLevels + 1))
        var lostGrid = wonGrid
        for i in fit.indices {
            let k = fitIndex[fit[i]]! * (behaviorLevels + 1) + behaviorIndex[behavior[i]]!
            if won[i] { wonGrid[k] += weights?[i] ?? 1 } else { lostGrid[k] += weights?[i] ?? 1 }
        }
        // Suffix sums: grid[a][b] = deals with fit index ≥ a and behavior index ≥ b.
        for a in stride(from: fitLevels - 1, through: 0, by: -1) {
            for b in stride(from: behaviorLevels - 1, through: 0, by: -1) {
                let k = a * (behaviorLevels + 1) + b
                wonGrid[k] += wonGrid[k + behaviorLevels + 1] + wonGrid[k + 1] - wonGrid[k + behaviorLevels + 2]
                lostGrid[k] += lostGrid[k + behaviorLevels + 1] + lostGrid[k + 1] - lostGrid[k + behaviorLevels + 2]
            }
        }
        let totalWon = wonGrid[0]
        guard totalWon > 0 else { return [] }
        let needed = (target * totalWon - 1e-9 * max(1, totalWon)).rounded(.up)
        var rows: [DualThresholdRow] = []
        for a in 0..<fitLevels {
            for b in 0..<behaviorLevels {
                let k = a * (behaviorLevels + 1) + b
                let w = wonGrid[k]
                let l = lostGrid[k]
                guard w >= needed, w + l > 0 else { continue }
                rows.append(
                    DualThresholdRow(
                        fit: fits[a], behavior: behaviors[b], won: w, lost: l, recall: w / totalWon,
                        precision: w / (w + l)))
            }
        }
        rows.sort {
            if $0.precision != $1.precision { return $0.precision > $1.precision }
            if $0.recall != $1.recall { return $0.recall > $1.recall }
            return ($0.fit, $0.behavior) > ($1.fit, $1.behavior)
        }
        return Array(rows.prefix(top))
    }
}
