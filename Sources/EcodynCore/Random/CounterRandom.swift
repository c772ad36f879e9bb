import Foundation

/// Counter-based random numbers: the k-th draw of a stream is a pure function of
/// (stream, k), so results do not depend on thread count, shard or resume point.
///
/// The mixing function is splitmix64 over a counter, exactly as specified in
/// `shared/peers/workloads.py`, so that Ecodyn and the peer baselines build bit-identical inputs:
///
///     z = stream · 0x9E3779B97F4A7C15 + (k + 1) · 0xBF58476D1CE4E5B9   (mod 2⁶⁴)
///     z = (z ⊕ (z ≫ 30)) · 0xBF58476D1CE4E5B9
///     z = (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
///     z =  z ⊕ (z ≫ 31)
///     u = (z ≫ 11) · 2⁻⁵³          ∈ [0, 1)
///
/// ```swift
/// CounterRandom(stream: 1).uniform(0)   // 0.8934754519184256
/// ```
public struct CounterRandom: Sendable, Hashable {
    /// The stream key (a seed, or a key derived from seed, point, member and step).
    public let stream: UInt64

    public init(stream: UInt64) { self.stream = stream }

    /// The raw 64-bit output for counter `k`.
    @inlinable
    public func bits(_ k: UInt64) -> UInt64 {
        var z = stream &* 0x9E37_79B9_7F4A_7C15 &+ (k &+ 1) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The k-th uniform draw in [0, 1), with 53 random bits.
    @inlinable
    public func uniform(_ k: UInt64) -> Double {
        Double(bits(k) >> 11) * 0x1.0p-53
    }

    /// Draws k = 0 ..< count, in order.
    public func uniforms(count: Int, from start: UInt64 = 0) -> [Double] {
        (0..<count).map { uniform(start + UInt64($0)) }
    }

    /// A standard normal draw from counters 2k + 2 and 2k + 3 (Box–Muller, cosine branch).
    /// Counters 0 and 1 stay free for uniform draws of the same stream.
    public func normal(_ k: UInt64) -> Double {
        let u1 = 1 - uniform(2 &* k &+ 2)  // in (0, 1]: the logarithm stays finite
        let u2 = uniform(2 &* k &+ 3)
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// The standard normal of uniforms 2q and 2q + 1, √(−2·log1p(−u₁))·cos(2πu₂): number q of the
    /// canonical workloads' `normal_pairs` (../shared/peers/workloads.py).
    public func normal(pair q: UInt64) -> Double {
        let u1 = uniform(2 &* q), u2 = uniform(2 &* q &+ 1)
        return (-2 * Foundation.log1p(-u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A stream keyed by this stream and further integers (a point, a member, a step):
    /// each key is mixed in turn, so distinct key tuples give unrelated streams.
    public func substream(_ keys: UInt64...) -> CounterRandom {
        keys.reduce(self) { CounterRandom(stream: $0.bits($1)) }
    }
}
