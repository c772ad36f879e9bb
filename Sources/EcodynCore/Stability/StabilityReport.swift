import ComplexModule
import RealModule

/// The local stability of a state, from its Jacobian J:
/// the eigenvalues (LAPACK `dgeev`), the largest real part, the resilience `−max Re λ` (the
/// asymptotic return rate), the reactivity `λ_max((J + Jᵀ)/2)` (the largest instantaneous
/// growth rate of a perturbation's norm; LAPACK `dsyevd`), and the classification.
public struct StabilityReport: Sendable, Codable {
    public var eigenvalues: [Complex<Double>]
    public var maxReal: Double
    public var resilience: Double { -maxReal }
    public var reactivity: Double
    public var classification: EquilibriumClass

    /// Analyses a square Jacobian.
    public init(jacobian: Matrix) throws(LinearAlgebraError) {
        eigenvalues = try jacobian.eigenvalues()
        maxReal = eigenvalues.map(\.real).max() ?? -.infinity
        reactivity = try jacobian.symmetricPart.symmetricEigenvalues().last ?? -.infinity
        classification = EquilibriumClass(eigenvalues: eigenvalues)
    }

    /// The report as JSON: `eigenvalues` (list of `{"re", "im"}`), `max_real`, `resilience`,
    /// `reactivity`, `classification`, `stable`.
    public var jsonFields: [(String, JSONValue)] {
        [("eigenvalues", .array(eigenvalues.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) })),
         ("max_real", .number(maxReal)), ("resilience", .number(resilience)), ("reactivity", .number(reactivity)),
         ("classification", .string(classification.rawValue)), ("stable", .bool(classification.isStable))]
    }
}
