import Foundation

/// A recipe for random interaction matrices: each unordered pair interacts with probability
/// `connectance`; its type is drawn from `mix` (weights, normalised); each direction's
/// magnitude is |N(0, σ²)| or uniform on [0, σ√3) (the same mean square σ²); δ_ii = `selfLimitation`.
///
/// The draws for pair (i, j), i < j, come from the counter-based stream keyed by
/// (seed, i·n + j), so a community is reproducible bit for bit from its seed and does not
/// depend on the order or the thread in which it is built.
public struct RandomCommunityRecipe: Sendable, Equatable {
    public enum Magnitude: String, Sendable { case normal, uniform }

    public var connectance: Double
    public var sigma: Double
    public var distribution: Magnitude
    public var mix: [InteractionType: Double]
    public var seed: UInt64
    public var selfLimitation: Double

    public init(connectance: Double, sigma: Double, distribution: Magnitude = .normal,
                mix: [InteractionType: Double] = [.competition: 1], seed: UInt64, selfLimitation: Double = 1) throws(ParameterError) {
        guard (0...1).contains(connectance) else { throw ParameterError("connectance", "must lie in [0, 1], got \(connectance)") }
        guard sigma >= 0, sigma.isFinite else { throw ParameterError("sigma", "must be ≥ 0, got \(sigma)") }
        guard mix.values.allSatisfy({ $0 >= 0 && $0.isFinite }), mix.values.reduce(0, +) > 0 else {
            throw ParameterError("mix", "weights must be ≥ 0 with a positive sum")
        }
        (self.connectance, self.sigma, self.distribution, self.mix, self.seed, self.selfLimitation) =
            (connectance, sigma, distribution, mix, seed, selfLimitation)
    }

    /// The interaction matrix of an n-member community.
    public func delta(n: Int) -> Matrix {
        var delta = Matrix(rows: n, columns: n)
        // Fixed type order, so that a mix means the same draws on every run.
        let types = InteractionType.allCases.filter { (mix[$0] ?? 0) > 0 }
        let total = types.reduce(0) { $0 + mix[$1]! }
        let root = CounterRandom(stream: seed)
        for i in 0..<n {
            delta[i, i] = selfLimitation
            for j in (i + 1)..<max(n, i + 1) {
                let pair = root.substream(UInt64(i * n + j))
                guard pair.uniform(0) < connectance else { continue }
                var pick = pair.uniform(1) * total
                var type = types.last!
                for t in types {
                    pick -= mix[t]!
                    if pick < 0 { type = t; break }
                }
                Relation(i, j, type, strengthOnI: magnitude(pair, draw: 1), strengthOnJ: magnitude(pair, draw: 2))
                    .apply(to: &delta)
            }
        }
        return delta
    }

    private func magnitude(_ stream: CounterRandom, draw: UInt64) -> Double {
        switch distribution {
        case .normal: return sigma * abs(stream.normal(draw))
        case .uniform: return sigma * 3.0.squareRoot() * stream.uniform(2 * draw + 8)
        }
    }
}
