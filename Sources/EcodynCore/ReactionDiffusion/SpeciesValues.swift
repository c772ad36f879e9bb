/// One value for each of a kinetics' two species u and v: a state, a reaction rate, a pair of
/// diffusion coefficients or of boundary values.
public struct SpeciesValues: Sendable, Hashable, Codable {
    public var u: Double
    public var v: Double

    public init(u: Double, v: Double) { (self.u, self.v) = (u, v) }
}
