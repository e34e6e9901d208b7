import Foundation
import ScorecardTestSupport
import Testing

@testable import ScorecardKit

/// The bootstrap's Poisson counts: the same deviates as SplitMix64's one-at-a-time draws, and
/// Poisson in distribution (closed forms for the mean, variance and P(0)).
@Suite("Poisson counts of the bootstrap")
struct PoissonCountsTests {
    /// Cell after cell, resample after resample, against `nextPoisson(mean:)` below a mean of 30
    /// and the rounded normal N(μ, μ) from `nextNormal()` above, on one SplitMix64 stream: equal
    /// number for number, across many blocks of uniforms (means up to 29.9 take Knuth's loop past
    /// its four unrolled steps), with cells of mean 0 skipped or drawn (one uniform each).
    @Test(arguments: [false, true]) func equalSplitMixDrawsOneAtATime(skippingZeros: Bool) {
        var pick = SplitMix64(seed: 11)
        let choices: [Double] = [0, 0.5, 1, 1, 1, 2, 3.7, 7, 12, 29.9, 30, 45, 200]
        let means = (0..<700).map { _ in choices[pick.nextInt(below: choices.count)] }
        let poisson = PoissonCounts(means: means, skippingZeros: skippingZeros)
        let stream = UniformStream(SplitMix64(seed: 5))
        var reference = SplitMix64(seed: 5)
        var counts = [Double](repeating: -1, count: means.count)
        for _ in 0..<40 {
            poisson.draw(into: &counts, from: stream)
            let want: [Double] = means.map { mean in
                if skippingZeros, mean == 0 { return 0 }
                if mean < 30 { return Double(reference.nextPoisson(mean: mean)) }
                return Double(max(0, Int((mean + mean.squareRoot() * reference.nextNormal()).rounded())))
            }
            #expect(counts == want)
        }
    }

    /// The normal approximation's count takes its cosine from a short series and the C library's
    /// only near a half: over two million draws at means from 30 to 10⁹ it is the count made
    /// with the library's cosine, number for number, and so is it where the sum is put within
    /// 10⁻⁹ of a half on purpose (b solved from a and the half), where the library's path decides.
    @Test func normalCountsEqualTheLibraryCosine() {
        func library(_ mean: Double, _ a: Double, _ b: Double) -> Double {
            let z = (-2 * _log(a)).squareRoot() * _cos(2 * Double.pi * b)
            return Double(max(0, Int((mean + mean.squareRoot() * z).rounded())))
        }
        var rng = SplitMix64(seed: 17)
        var fallbacks = 0
        for trial in 0..<2_000_000 {
            let mean = trial % 3 == 0 ? 30 + Double(rng.nextInt(below: 1_000)) : _exp(3.4 + rng.nextUnit() * 17.4)
            var a = rng.nextUnit()
            while a == 0 { a = rng.nextUnit() }
            var b = rng.nextUnit()
            if trial % 1_000 == 7 {
                // A sum a hair from a half: b with √μ·r·cos(2πb) = n + ½ − μ (two solutions, ±).
                let r = (-2 * _log(a)).squareRoot()
                let target = (mean + mean.squareRoot() * r * 0.3).rounded(.down) + 0.5
                let c = (target - mean) / (mean.squareRoot() * r)
                guard abs(c) < 1 else { continue }
                b = acos(c) / (2 * Double.pi)
                if trial % 2 == 0 { b = 1 - b }
                fallbacks += 1
            }
            let got = PoissonCounts.roundedNormal(mean: mean, root: mean.squareRoot(), a, b)
            #expect(got == library(mean, a, b), "mean \(mean), a \(a), b \(b)")
        }
        #expect(fallbacks > 1_000)
    }

    /// The series cosine is within 10⁻¹⁵ of the C library's over [0, 2π]: random angles, every
    /// multiple of π/4 and the numbers either side of it (where the quadrant changes), 0 and 2π.
    @Test func seriesCosineIsWithinOneInTenToTheFifteenOfTheLibrary() {
        var rng = SplitMix64(seed: 23)
        var angles = (0..<200_000).map { _ in 2 * Double.pi * rng.nextUnit() }
        for k in 0...8 {
            let at = Double(k) * Double.pi / 4
            angles += [at, at.nextUp, at.nextDown, at + 1e-9, at - 1e-9].filter { $0 >= 0 && $0 <= 2 * Double.pi }
        }
        for theta in angles {
            #expect(abs(PoissonCounts.cosine(theta) - _cos(theta)) <= 1e-15, "θ = \(theta)")
        }
    }

    /// The bootstrap's usual case, cells of small means (a deal or two each): the ring of
    /// uniforms stays nearly full, made three a cell and read about 2.6 a cell, so the uniforms
    /// and Knuth's products are made ahead across many wraps of the ring. Equal, number for
    /// number, to `nextPoisson(mean:)` on one stream.
    @Test func smallMeansEqualSplitMixDrawsOneAtATime() {
        var pick = SplitMix64(seed: 13)
        let choices: [Double] = [0.5, 1, 1, 1, 1.6, 2, 3]
        let means = (0..<30_000).map { _ in choices[pick.nextInt(below: choices.count)] }
        let poisson = PoissonCounts(means: means)
        let stream = UniformStream(SplitMix64(seed: 8))
        var reference = SplitMix64(seed: 8)
        var counts = [Double](repeating: -1, count: means.count)
        for _ in 0..<5 {
            poisson.draw(into: &counts, from: stream)
            #expect(counts == means.map { Double(reference.nextPoisson(mean: $0)) })
        }
    }

    /// 100,000 draws of Poisson(1.6) and Poisson(4): the sample mean and variance within five
    /// standard errors of λ (Var of the sample variance ≈ (μ₄ − σ⁴)/n with μ₄ = λ + 3λ² for a
    /// Poisson), and the share of zeros within five standard errors of e^−λ.
    @Test(arguments: [1.6, 4.0]) func countsArePoisson(lambda: Double) {
        let n = 100_000
        let poisson = PoissonCounts(means: [Double](repeating: lambda, count: 1_000))
        let stream = UniformStream(SplitMix64(seed: 21))
        var counts = [Double](repeating: 0, count: 1_000)
        var sum = 0.0
        var sumSquares = 0.0
        var zeros = 0.0
        for _ in 0..<(n / 1_000) {
            poisson.draw(into: &counts, from: stream)
            for c in counts {
                sum += c
                sumSquares += c * c
                if c == 0 { zeros += 1 }
            }
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean - lambda) < 5 * (lambda / Double(n)).squareRoot())
        #expect(abs(variance - lambda) < 5 * ((lambda + 2 * lambda * lambda) / Double(n)).squareRoot())
        let p0 = _exp(-lambda)
        #expect(abs(zeros / Double(n) - p0) < 5 * (p0 * (1 - p0) / Double(n)).squareRoot())
    }
}
