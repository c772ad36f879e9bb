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

    public var r: [Double]
    public var mu: [Double]
    public var K: [Double]
    public var interactions: Interactions

    public init(r: [Double], mu: [Double], K: [Double], interactions: Interactions) {
        (self.r, self.mu, self.K, self.interactions) = (r, mu, K, interactions)
    }

    /// The number of members.
    public var n: Int { r.count }

    /// The community, with δ drawn when it is random; throws naming a value it does not accept
    /// (`connectance`, `sigma` and `mix` for the recipe).
    public func community() throws(ParameterError) -> Community {
        switch interactions {
        case .given(let delta):
            return try Community(r: r, mu: mu, K: K, delta: delta)
        case .givenSparse(let delta):
            return try Community(r: r, mu: mu, K: K, interactions: .sparse(delta))
        case .random(let recipe):
            let checked = try RandomCommunityRecipe(connectance: recipe.connectance, sigma: recipe.sigma, distribution: recipe.distribution,
                                                    mix: recipe.mix, seed: recipe.seed, selfLimitation: recipe.selfLimitation, sparse: recipe.sparse)
            return try Community(r: r, mu: mu, K: K, interactions: checked.interactions(n: n))
        }
    }
}
