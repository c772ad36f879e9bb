/// The market of a horizontal alliance: a platform (the Stackelberg leader) sets the price p
/// and the logistics service level s; a manufacturer (the follower) sets the wholesale price w.
///
///     demand      D  = β − b₁p + b₂s
///     platform    π₁ = (p − w)·D − γs²/2 − K
///     manufacturer π₂ = (w − c)·D
///
/// Making a market checks the concavity condition `2γb₁ − b₂² > 0` and that demand stays
/// positive at the optimum (`β > b₁c`); the errors name the parameter to change.
///
/// ```swift
/// let market = try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 1)
/// market.decentralized().p    // 87.142857…
/// market.centralized().profit // 5390
/// ```
public struct AllianceMarket: Sendable, Equatable {
    /// Platform maintenance cost K.
    public let K: Double
    /// Service cost coefficient γ (cost γs²/2).
    public let gamma: Double
    /// Unit production cost c.
    public let c: Double
    /// Market size β.
    public let beta: Double
    /// Price sensitivity b₁ of demand.
    public let b1: Double
    /// Service sensitivity b₂ of demand.
    public let b2: Double

    public init(K: Double, gamma: Double, c: Double, beta: Double, b1: Double, b2: Double) throws(ParameterError) {
        for (key, value, mustBePositive) in [("K", K, false), ("gamma", gamma, true), ("c", c, false),
                                             ("beta", beta, true), ("b1", b1, true), ("b2", b2, false)] {
            guard value.isFinite, mustBePositive ? value > 0 : value >= 0 else {
                throw ParameterError(key, "must be \(mustBePositive ? "> 0" : "≥ 0"), got \(value)")
            }
        }
        let concavity = 2 * gamma * b1 - b2 * b2
        guard concavity > 0 else {
            throw ParameterError("b2", "the platform's profit is not concave in (p, s): 2·gamma·b1 − b2² = \(concavity) must be > 0; raise gamma or b1, or lower b2")
        }
        guard beta > b1 * c else {
            throw ParameterError("beta", "demand is not positive at the optimum: beta = \(beta) must exceed b1·c = \(b1 * c)")
        }
        (self.K, self.gamma, self.c, self.beta, self.b1, self.b2) = (K, gamma, c, beta, b1, b2)
    }

    /// Demand at price p and service level s.
    @inlinable
    public func demand(p: Double, s: Double) -> Double { beta - b1 * p + b2 * s }
}
