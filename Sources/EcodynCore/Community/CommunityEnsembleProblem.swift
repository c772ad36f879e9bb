/// Many runs of one community at once: members that share δ and differ in r, μ, K, their
/// initial state, or their noise (member b of an Euler–Maruyama ensemble draws the noise keyed
/// by b). Fixed-step RK4 runs through the batched kernel (``CommunityEnsemble/integrateRK4``),
/// Euler–Maruyama and Milstein through theirs for n ≤ 64 (``CommunityEnsemble/integrateIto``);
/// the adaptive methods, and the stochastic ones for larger n, run each member on its own. The result keeps per-member
/// reductions only (``EnsembleResult``), so memory stays O(n·B) whatever the steps.
///
/// ```swift
/// let ensemble = CommunityEnsemble(repeating: community, members: 1000)
/// let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: x0, tEnd: 100, method: .rk4(dt: 0.01))
/// problem.solve().survivors    // per member
/// ```
public struct CommunityEnsembleProblem: Sendable {
    public var ensemble: CommunityEnsemble
    /// The members' initial states, n×B (column b is member b).
    public var initialStates: Matrix
    public var tEnd: Double
    public var method: IntegrationMethod

    public init(ensemble: CommunityEnsemble, initialStates: Matrix, tEnd: Double, method: IntegrationMethod) throws(ParameterError) {
        guard initialStates.rows == ensemble.n, initialStates.columns == ensemble.members else {
            throw ParameterError("initialStates", "expected \(ensemble.n)×\(ensemble.members) values (members × species), got \(initialStates.rows)×\(initialStates.columns)")
        }
        guard initialStates.elements.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ParameterError("initialStates", "abundances must be finite and ≥ 0") }
        guard tEnd > 0, tEnd.isFinite else { throw ParameterError("tEnd", "must be > 0, got \(tEnd)") }
        try method.check(tEnd: tEnd, dimension: ensemble.n)
        if case .shared(let members)? = method.noise?.layout, members != ensemble.members {
            throw ParameterError("noise", "the shared noise layout numbers draws for \(members) members, the ensemble has \(ensemble.members); give it .shared(members: \(ensemble.members))")
        }
        (self.ensemble, self.initialStates, self.tEnd, self.method) = (ensemble, initialStates, tEnd, method)
    }

    /// How many saved states of a member the time average of the runs member by member is taken
    /// over (the trapezoidal mean; the batched kernels average every step).
    public static let averagedStates = 1000

    /// Integrates every member over [0, tEnd] on `threads` threads; the results are the same for
    /// any thread count.
    public func solve(threads: Int = ParallelLoop.availableThreads) -> EnsembleResult {
        switch method {
        case .rk4(let dt):
            return ensemble.integrateRK4(from: initialStates, dt: dt, over: 0...tEnd, threads: threads)
        case .dopri5, .bdf, .automatic:
            let times = (1...Self.averagedStates).map { tEnd * Double($0) / Double(Self.averagedStates) }
            let integrator = method.integrator
            return ensemble.integrateEachMember(from: initialStates, threads: threads) { field, x0, _ in
                integrator.solve(field, from: x0, over: 0...tEnd, saving: .times(times), limits: .population)
            }
        case .eulerMaruyama(let dt, let noise), .milstein(let dt, let noise) where ensemble.n <= CommunityEnsemble.fusedLimit:
            let milstein: Bool
            if case .milstein = method { milstein = true } else { milstein = false }
            return ensemble.integrateIto(from: initialStates, dt: dt, over: 0...tEnd, noise: noise, milstein: milstein, threads: threads)
        case .eulerMaruyama(let dt, let noise), .milstein(let dt, let noise):
            let stride = max(1, (FixedStepGrid.stepCount(span: tEnd, dt: dt) ?? 1) / Self.averagedStates)
            let milstein: Bool
            if case .milstein = method { milstein = true } else { milstein = false }
            return ensemble.integrateEachMember(from: initialStates, threads: threads) { field, x0, b in
                ItoLoop.run(field, from: x0, over: 0...tEnd, dt: dt, noise: noise, member: UInt64(b), milstein: milstein,
                            saving: .everyStep(stride), limits: .population)
            }
        }
    }
}
