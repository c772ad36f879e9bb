/// Raiffa's allocation of a coalition's value V(N) among its n members, from the values
/// μ_i = V(N∖{i}) of the coalitions without each member:
///
///     x_i = V(N)/n + (2n − 3)/(2(n − 1)) · [ (1/n)·Σ_k μ_k − μ_i ]
///
/// The shares sum to V(N). A member whose absence costs the coalition more (smaller μ_i)
/// receives more.
public enum Raiffa {
    /// The classical allocation. Needs n ≥ 2.
    public static func allocation(value: Double, valuesWithout mu: [Double]) throws(ParameterError) -> [Double] {
        let n = Double(mu.count)
        guard mu.count >= 2 else {
            throw ParameterError("coalition_values", "needs at least 2 members, got \(mu.count)")
        }
        let meanMu = mu.reduce(0, +) / n
        let weight = (2 * n - 3) / (2 * (n - 1))
        return mu.map { value / n + weight * (meanMu - $0) }
    }

    /// The improved allocation that rewards the services each member undertakes:
    /// `F_i = M₁φ_i/Σφ + M₂s_i/Σs + M₃θ_i/Σθ` and `x*_i = x_i + (F_i − 1/n)·V(N)`,
    /// with costs φ, service levels s, business levels θ and weights M₁ + M₂ + M₃ = 1.
    /// A factor whose weight is 0 may be left out (nil).
    public static func improvedAllocation(
        value: Double, valuesWithout mu: [Double], costs: [Double]?, serviceLevels: [Double]?,
        businessLevels: [Double]?, weights: ServiceWeights
    ) throws(ParameterError) -> [Double] {
        let base = try allocation(value: value, valuesWithout: mu)
        let n = mu.count
        let total = weights.costs + weights.service + weights.business
        guard abs(total - 1) <= 1e-12, weights.costs >= 0, weights.service >= 0, weights.business >= 0 else {
            throw ParameterError("weights", "the weights must be ≥ 0 and sum to 1, they sum to \(total)")
        }
        var factor = [Double](repeating: 0, count: n)
        for (key, levels, weight) in [("phi", costs, weights.costs), ("service", serviceLevels, weights.service),
                                      ("theta", businessLevels, weights.business)] where weight > 0 {
            guard let levels else {
                throw ParameterError(key, "missing, but its weight is \(weight): give one value per member or set the weight to 0")
            }
            guard levels.count == n, levels.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw ParameterError(key, "expected \(n) non-negative values, one per member")
            }
            let sum = levels.reduce(0, +)
            guard sum > 0 else { throw ParameterError(key, "all zero: the shares cannot be normalised") }
            for i in 0..<n { factor[i] += weight * levels[i] / sum }
        }
        return (0..<n).map { base[$0] + (factor[$0] - 1 / Double(n)) * value }
    }
}

/// The weights M₁, M₂, M₃ of the improved Raiffa allocation (MODELS.md §3): of the costs φ each
/// member bears, of its service levels s and of its business levels θ; ≥ 0 and summing to 1.
public struct ServiceWeights: Sendable, Equatable, Codable {
    public var costs: Double
    public var service: Double
    public var business: Double

    public init(costs: Double, service: Double, business: Double) { (self.costs, self.service, self.business) = (costs, service, business) }
}
