import ComplexModule

/// One mode of a grid: its continuum wavenumber k, its eigenvalue μ of −Δ_h, and its growth rate.
public struct GridMode: Sendable, Hashable, Codable {
    public var k: Double
    public var mu: Double
    public var growthRate: Double
}

/// The linear analysis of a kinetics on a grid: the homogeneous state, its eigenvalues and class
/// without diffusion, and the dispersion relation on the modes the grid allows.
public struct KineticsAnalysis: Sendable {
    public var kinetics: any Kinetics
    public var grid: Grid?

    public init(_ kinetics: any Kinetics, grid: Grid?) { (self.kinetics, self.grid) = (kinetics, grid) }

    /// The fastest-growing grid mode: its continuum wavenumber, its Laplacian eigenvalue and its
    /// growth rate (the largest real part of the eigenvalues of J − μ·diag(D_u, D_v)).
    public var fastestMode: GridMode? { fastestMode(about: nil) }

    /// The fastest-growing grid mode about the steady state `state` (nil: the homogeneous one).
    public func fastestMode(about state: SpeciesValues?) -> GridMode? {
        guard let grid else { return nil }
        let modes = grid.laplacianModes()
        var best: GridMode?
        let growthRate = kinetics.growthRates(at: state)
        for (mu, k) in zip(modes.eigenvalues, modes.wavenumbers) {
            let rate = growthRate(mu)
            if best == nil || rate > best!.growthRate { best = GridMode(k: k, mu: mu, growthRate: rate) }
        }
        return best
    }

    /// Throws when the homogeneous steady state or its Jacobian is not finite (the parameters
    /// overflow double precision): there is nothing to analyse.
    public func checkFinite() throws(ParameterError) {
        guard kinetics.homogeneousState.u.isFinite, kinetics.homogeneousState.v.isFinite, kinetics.jacobian.elements.allSatisfy(\.isFinite) else {
            throw ParameterError("parameters", "the homogeneous steady state or its Jacobian overflows double precision for these parameters; use smaller values")
        }
    }

    /// JSON: `model`, `steady_state`, `eigenvalues`, `max_real`, `classification`, the model's
    /// closed forms (the Brusselator's `hopf_b`, `turing_b`, `critical_wavenumber`), with a grid
    /// `fastest_mode` ({k, mu, growth_rate}), and `turing_unstable` (the homogeneous state is
    /// stable without diffusion but some mode grows: a grid mode, or without a grid a wavenumber
    /// of the continuum).
    public func json() throws -> JSONValue {
        try checkFinite()
        let values = try kinetics.jacobian.eigenvalues()
        let maxReal = values.map(\.real).max()!
        let classification = kinetics.classification
        var pairs: [(String, JSONValue)] = [
            ("model", .string(kinetics.name)),
            ("steady_state", .numbers([kinetics.homogeneousState.u, kinetics.homogeneousState.v])),
            ("eigenvalues", .array(values.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) })),
            ("max_real", .number(maxReal)), ("classification", .string(classification.rawValue)),
        ]
        pairs += kinetics.closedForms.map { ($0.name, $0.value.isFinite ? .number($0.value) : .null) }
        if let mode = fastestMode {
            pairs.append(("fastest_mode", .object([("k", .number(mode.k)), ("mu", .number(mode.mu)), ("growth_rate", .number(mode.growthRate))])))
            pairs.append(("turing_unstable", .bool(maxReal < 0 && mode.growthRate > 0)))
        } else {
            pairs.append(("turing_unstable", .bool(kinetics.turingUnstable)))
        }
        pairs.append(("steady_states", .array(try kinetics.steadyStates.map(stateJSON))))
        return .object(pairs)
    }

    /// One steady state: `state`, `eigenvalues`, `max_real`, `classification`, and with a grid
    /// `fastest_mode` and `turing_unstable`.
    func stateJSON(_ state: SpeciesValues) throws -> JSONValue {
        let values = try kinetics.jacobian(atU: state.u, v: state.v).eigenvalues()
        let maxReal = values.map(\.real).max()!
        var pairs: [(String, JSONValue)] = [
            ("state", .numbers([state.u, state.v])),
            ("eigenvalues", .array(values.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) })),
            ("max_real", .number(maxReal)), ("classification", .string(EquilibriumClass(eigenvalues: values).rawValue)),
        ]
        if let mode = fastestMode(about: state) {
            pairs.append(("fastest_mode", .object([("k", .number(mode.k)), ("mu", .number(mode.mu)), ("growth_rate", .number(mode.growthRate))])))
            pairs.append(("turing_unstable", .bool(maxReal < 0 && mode.growthRate > 0)))
        }
        return .object(pairs)
    }
}
