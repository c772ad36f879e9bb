/// The stability analysis of a community at its interior equilibrium, as `ecodyn analyze` prints it.
public struct CommunityAnalysis: Sendable, Codable {
    public var equilibrium: Equilibrium
    public var stability: StabilityReport

    /// Analyses `community`; throws `singular` when δ has no unique interior equilibrium.
    public init(_ community: Community) throws(LinearAlgebraError) {
        equilibrium = try community.interiorEquilibrium()
        stability = try community.stability(at: equilibrium.state)
    }

    /// JSON keys: `model`, `n`, `equilibrium`, `feasible`, then the stability fields
    /// (`eigenvalues`, `max_real`, `resilience`, `reactivity`, `classification`, `stable`).
    public var json: JSONValue {
        .object([("model", "community"), ("n", .integer(equilibrium.state.count)),
                 ("equilibrium", .numbers(equilibrium.state)), ("feasible", .bool(equilibrium.feasible))]
                + stability.jsonFields)
    }
}
