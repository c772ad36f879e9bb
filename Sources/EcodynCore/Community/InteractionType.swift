/// How two members i and j affect each other, by the signs of the effects on i and on j
/// (MODELS.md §1). The effect of j on i is −δ_ij.
public enum InteractionType: String, CaseIterable, Sendable {
    /// Both hinder each other (−, −).
    case competition
    /// Both help each other (+, +).
    case mutualism
    /// j exploits i: i loses, j gains (−, +). Predation has the same signs.
    case predation
    /// j benefits, i is unaffected (0, +): "partiality".
    case commensalism
    /// i is hindered, j is unaffected (−, 0).
    case amensalism
    /// Neither affects the other (0, 0).
    case neutral

    /// The type named in a spec; "parasitism" is an alias of predation.
    public init?(name: String) {
        if name == "parasitism" { self = .predation } else { self.init(rawValue: name) }
    }

    /// The signs (−1, 0, +1) of the effects on i and on j.
    public var signs: (onI: Double, onJ: Double) {
        switch self {
        case .competition: return (-1, -1)
        case .mutualism: return (1, 1)
        case .predation: return (-1, 1)
        case .commensalism: return (0, 1)
        case .amensalism: return (-1, 0)
        case .neutral: return (0, 0)
        }
    }
}

/// One typed pairwise relation: its type and the magnitudes of the effects on i and on j.
public struct Relation: Sendable, Equatable {
    public var i: Int, j: Int
    public var type: InteractionType
    /// |δ_ij| and |δ_ji|: the strength of j's effect on i and of i's effect on j.
    public var strengthOnI: Double, strengthOnJ: Double

    public init(_ i: Int, _ j: Int, _ type: InteractionType, strength: Double) {
        self.init(i, j, type, strengthOnI: strength, strengthOnJ: strength)
    }

    public init(_ i: Int, _ j: Int, _ type: InteractionType, strengthOnI: Double, strengthOnJ: Double) {
        (self.i, self.j, self.type, self.strengthOnI, self.strengthOnJ) = (i, j, type, strengthOnI, strengthOnJ)
    }

    /// Writes the relation into δ: `δ_ij = −sign_i·strength_i`, `δ_ji = −sign_j·strength_j`.
    func apply(to delta: inout Matrix) {
        let (onI, onJ) = type.signs
        delta[i, j] = -onI * strengthOnI
        delta[j, i] = -onJ * strengthOnJ
    }
}

extension Community {
    /// A community whose δ is the identity plus the given relations (later relations overwrite
    /// earlier ones on the same pair).
    public init(r: [Double], mu: [Double], K: [Double], relations: [Relation]) throws(ParameterError) {
        let n = r.count
        var delta = Matrix.identity(n)
        for (k, rel) in relations.enumerated() {
            guard (0..<n).contains(rel.i), (0..<n).contains(rel.j), rel.i != rel.j else {
                throw ParameterError("relation[\(k)]", "members i = \(rel.i), j = \(rel.j) must differ and lie in 0..<\(n)")
            }
            guard rel.strengthOnI >= 0, rel.strengthOnJ >= 0 else {
                throw ParameterError("relation[\(k)].strength", "strengths are magnitudes (≥ 0); the type gives the signs")
            }
            rel.apply(to: &delta)
        }
        try self.init(r: r, mu: mu, K: K, delta: delta)
    }
}
