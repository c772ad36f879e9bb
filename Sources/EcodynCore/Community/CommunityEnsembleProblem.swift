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
    /// Parameters that follow drivers over time, in every member (member b's Ornstein–Uhlenbeck
    /// environment is its own: ``Driver/replicate(member:)``).
    public var drivers: [ParameterDriver]
    /// Changes to every member's state at given times (shocks, exits, entries), in time order.
    public var events: [ScheduledEvent]

    public init(ensemble: CommunityEnsemble, initialStates: Matrix, tEnd: Double, method: IntegrationMethod,
                drivers: [ParameterDriver] = [], events: [ScheduledEvent] = []) throws(ParameterError) {
        guard initialStates.rows == ensemble.n, initialStates.columns == ensemble.members else {
            throw ParameterError("initialStates", "expected \(ensemble.n)×\(ensemble.members) values (members × species), got \(initialStates.rows)×\(initialStates.columns)")
        }
        guard initialStates.elements.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ParameterError("initialStates", "abundances must be finite and ≥ 0") }
        guard tEnd > 0, tEnd.isFinite else { throw ParameterError("tEnd", "must be > 0, got \(tEnd)") }
        try method.check(tEnd: tEnd, dimension: ensemble.n)
        if case .shared(let members)? = method.noise?.layout, members != ensemble.members {
            throw ParameterError("noise", "the shared noise layout numbers draws for \(members) members, the ensemble has \(ensemble.members); give it .shared(members: \(ensemble.members))")
        }
        if !drivers.isEmpty || !events.isEmpty {
            // Member 0's run checks the drivers (names, forms, the ranges they take r, μ, K to) and the events.
            _ = try CommunityProblem(community: ensemble.community(member: 0), initialState: Array(initialStates.elements[0..<ensemble.n]),
                                     tEnd: tEnd, method: method, drivers: Self.replicate(drivers, member: 0), events: events)
        }
        if drivers.contains(where: { $0.driver.form == "ou" }) {
            // Each member's environment is its own path: each must keep r, μ, K in their domain.
            for b in 1..<max(ensemble.members, 1) {
                do throws(ParameterError) {
                    _ = try DrivenCommunityField(ensemble.community(member: b), drivers: Self.replicate(drivers, member: b), until: tEnd)
                } catch { throw ParameterError(error.parameter, "member \(b)'s environment: \(error.message)") }
            }
        }
        (self.ensemble, self.initialStates, self.tEnd, self.method) = (ensemble, initialStates, tEnd, method)
        self.drivers = drivers
        self.events = events.sorted { $0.time < $1.time }
    }

    /// How many saved states of a member the time average of the runs member by member is taken
    /// over (the trapezoidal mean; the batched kernels average every step).
    public static let averagedStates = 1000

    /// Integrates every member over [0, tEnd] on `threads` threads; the results are the same for
    /// any thread count.
    public func solve(threads: Int = ParallelLoop.availableThreads) -> EnsembleResult {
        let constant = drivers.isEmpty && events.isEmpty && !ensemble.interactions.isSparse   // the batched kernels hold δ dense
        switch method {
        case .rk4(let dt) where constant:
            return ensemble.integrateRK4(from: initialStates, dt: dt, over: 0...tEnd, threads: threads)
        case .eulerMaruyama(let dt, let noise) where constant && ensemble.n <= CommunityEnsemble.fusedLimit,
             .milstein(let dt, let noise) where constant && ensemble.n <= CommunityEnsemble.fusedLimit:
            let milstein: Bool
            if case .milstein = method { milstein = true } else { milstein = false }
            return ensemble.integrateIto(from: initialStates, dt: dt, over: 0...tEnd, noise: noise, milstein: milstein, threads: threads)
        default:
            let plan = savePlan(samples: Self.averagedStates)
            return ensemble.integrateEachMember(from: initialStates, threads: threads) { field, x0, b in
                memberSolution(b, field: field, from: x0, saving: plan)
            }
        }
    }

    /// Member b's drivers (``Driver/replicate(member:)``).
    static func replicate(_ drivers: [ParameterDriver], member b: Int) -> [ParameterDriver] {
        drivers.map { ParameterDriver($0.parameter, $0.driver.replicate(member: b)) }
    }

    /// About `samples` saved states of a member's own run: at even times (adaptive) or every so
    /// many steps (fixed step).
    func savePlan(samples: Int) -> SavePlan {
        if let dt = method.fixedStep { return .everyStep(max(1, (FixedStepGrid.stepCount(span: tEnd, dt: dt) ?? 1) / max(samples, 1))) }
        return .times((1...max(samples, 1)).map { tEnd * Double($0) / Double(max(samples, 1)) })
    }

    /// Member b's run on its own, saving by `plan`: its field, its noise and, with drivers or
    /// events, its problem (its own Ornstein–Uhlenbeck environment, the scheduled events).
    func memberSolution(_ b: Int, field: CommunityField, from x0: [Double], saving plan: SavePlan) -> Solution {
        guard drivers.isEmpty && events.isEmpty else {
            // Checked in init: member 0's problem, and every member's environment.
            let problem = try! CommunityProblem(community: ensemble.community(member: b), initialState: x0, tEnd: tEnd, method: method,
                                                drivers: Self.replicate(drivers, member: b), events: events)
            return problem.solve(saving: plan, member: UInt64(b))
        }
        return method.integrator(member: UInt64(b)).solve(field, from: x0, over: 0...tEnd, saving: plan, limits: .population)
    }
}
