/// Every kinetics a spec's `[model] kind` can name. Listing a type here is all the spec layer,
/// the analysis, the sweeps and the commands need to know of it.
public enum KineticsRegistry {
    public static let all: [any Kinetics.Type] = [Brusselator.self, GrayScott.self, Schnakenberg.self, FitzHughNagumo.self]

    /// The kinetics of `kind`, or nil.
    public static func type(of kind: String) -> (any Kinetics.Type)? { all.first { $0.kind == kind } }
}
