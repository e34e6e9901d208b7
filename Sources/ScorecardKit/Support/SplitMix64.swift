/// A small, fast, seedable random number generator (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014).
///
/// Every random step in ScorecardKit (simulation, bootstrap) takes a generator, so the same seed
/// gives byte-identical output on every machine.
///
/// ```swift
/// var rng = SplitMix64(seed: 7)
/// let u = rng.nextUnit()      // uniform in [0, 1)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in `0..<n` (Lemire's nearly divisionless method, as the standard library).
    public mutating func nextInt(below n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity).
    public mutating func nextNormal() -> Double {
        var u = nextUnit()
        while u == 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// True with probability `p`.
    public mutating func nextBool(probability p: Double) -> Bool { nextUnit() < p }

    /// A Poisson deviate with mean `lambda` (Knuth's product method; fine for the small means used
    /// in simulation, below about 30).
    public mutating func nextPoisson(mean lambda: Double) -> Int {
        let limit = _exp(-lambda)
        var k = 0
        var p = nextUnit()
        while p > limit {
            k += 1
            p *= nextUnit()
        }
        return k
    }
}
