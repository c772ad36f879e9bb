/// A community before its interactions are fixed: the rates and capacities, and δ either given
/// or drawn from a recipe. What a sweep varies: a random community's σ, connectance or seed
/// redraws δ; a given δ can be changed entry by entry.
///
/// ```swift
/// let design = CommunityDesign(r: [1, 1], mu: [0, 0], K: [1, 1],
///                              interactions: .random(try RandomCommunityRecipe(connectance: 1, sigma: 0.2, seed: 7)))
/// let community = try design.community()
/// ```
public struct CommunityDesign: Sendable, Equatable {
    /// Where δ comes from.
    public enum Interactions: Sendable, Equatable {
        case given(Matrix)
        /// A sparse δ given entry by entry (a SciPy `.npz` file).
        case givenSparse(SparseMatrix)
        case random(RandomCommunityRecipe)
    }

    /// How a dense δ is stored: float64, or float32 (``SinglePrecisionMatrix``: half the memory).
    public enum Precision: String, Sendable, Equatable {
        case double, single
    }

    public var r: [Double]
    public var mu: [Double]
    public var K: [Double]
    public var interactions: Interactions
    public var precision: Precision

    public init(r: [Double], mu: [Double], K: [Double], interactions: Interactions, precision: Precision = .double) {
        (self.r, self.mu, self.K, self.interactions, self.precision) = (r, mu, K, interactions, precision)
    }

    /// The number of members.
    public var n: Int { r.count }

    /// The community, with δ drawn when it is random (and rounded to float32 for `single`);
    /// throws naming a value it does not accept (`connectance`, `sigma` and `mix` for the recipe).
    public func community() throws(ParameterError) -> Community {
        if precision == .single, case .random(let recipe) = interactions, !recipe.sparse {
            // Drawn straight into float32: the float64 δ never exists.
            let recipe = try Self.checked(recipe)
            guard let single = try? recipe.singleDelta(n: n) else { throw ParameterError("sigma", "draws entries beyond float32's range (3.4e38) for precision = \"single\"; lower sigma") }
            return try Community(r: r, mu: mu, K: K, interactions: .single(single))
        }
        let made = try drawn()
        guard precision == .single, case .dense(let delta) = made.interactions else { return made }
        guard let single = try? SinglePrecisionMatrix(delta) else { throw ParameterError("delta", "must hold numbers within float32's range (|δ| < 3.4e38) for precision = \"single\"") }
        return try Community(r: r, mu: mu, K: K, interactions: .single(single))
    }

    private func drawn() throws(ParameterError) -> Community {
        switch interactions {
        case .given(let delta):
            return try Community(r: r, mu: mu, K: K, delta: delta)
        case .givenSparse(let delta):
            return try Community(r: r, mu: mu, K: K, interactions: .sparse(delta))
        case .random(let recipe):
            return try Community(r: r, mu: mu, K: K, interactions: Self.checked(recipe).interactions(n: n))
        }
    }

    /// The recipe through its checking initialiser (a recipe's fields can be set past it).
    private static func checked(_ recipe: RandomCommunityRecipe) throws(ParameterError) -> RandomCommunityRecipe {
        try RandomCommunityRecipe(connectance: recipe.connectance, sigma: recipe.sigma, distribution: recipe.distribution,
                                  mix: recipe.mix, seed: recipe.seed, selfLimitation: recipe.selfLimitation, sparse: recipe.sparse)
    }
}
