/// The alliance market's parameters by name, in order: `K`, `gamma`, `c`, `beta`, `b1`, `b2`
/// (MODELS.md §3) — what a sweep or a binding changes.
extension AllianceMarket: ParameterizedModel {
    public var parameterNames: [String] { ["K", "gamma", "c", "beta", "b1", "b2"] }
    public var parameters: [Double] { [K, gamma, c, beta, b1, b2] }

    public func with(parameters p: [Double]) throws(ParameterError) -> AllianceMarket {
        guard p.count == 6 else { throw ParameterError("parameters", "expected 6 values (K, gamma, c, beta, b1, b2), got \(p.count)") }
        return try AllianceMarket(K: p[0], gamma: p[1], c: p[2], beta: p[3], b1: p[4], b2: p[5])
    }
}
