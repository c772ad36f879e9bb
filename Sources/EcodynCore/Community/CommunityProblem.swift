/// How to integrate: the method and its settings.
public enum IntegrationMethod: Sendable {
    case rk4(dt: Double)
    case dopri5(DormandPrince)
    /// The stiff method (SUNDIALS CVODE's BDF).
    case bdf(BDF)
    /// No method named: Dormand–Prince and BDF, switching where the problem becomes stiff and back.
    case automatic(AutomaticMethod)
    case eulerMaruyama(dt: Double, noise: Noise)
    /// Strong order 1 for diagonal multiplicative noise (``Milstein``).
    case milstein(dt: Double, noise: Noise)

    /// The fixed step (rk4 and the stochastic schemes).
    public var fixedStep: Double? {
        switch self {
        case .rk4(let dt), .eulerMaruyama(let dt, _), .milstein(let dt, _): return dt
        case .dopri5, .bdf, .automatic: return nil
        }
    }

    /// The noise of a stochastic scheme.
    public var noise: Noise? {
        switch self {
        case .eulerMaruyama(_, let noise), .milstein(_, let noise): return noise
        case .rk4, .dopri5, .bdf, .automatic: return nil
        }
    }

    /// The same method with another fixed step (unchanged for the adaptive methods).
    public func with(step dt: Double) -> IntegrationMethod {
        switch self {
        case .rk4: return .rk4(dt: dt)
        case .eulerMaruyama(_, let noise): return .eulerMaruyama(dt: dt, noise: noise)
        case .milstein(_, let noise): return .milstein(dt: dt, noise: noise)
        case .dopri5, .bdf, .automatic: return self
        }
    }

    /// The same stochastic scheme with other noise (unchanged for the deterministic methods).
    public func with(noise: Noise) -> IntegrationMethod {
        switch self {
        case .eulerMaruyama(let dt, _): return .eulerMaruyama(dt: dt, noise: noise)
        case .milstein(let dt, _): return .milstein(dt: dt, noise: noise)
        case .rk4, .dopri5, .bdf, .automatic: return self
        }
    }

    /// The same adaptive method locating `watch`'s events (unchanged for the fixed-step methods).
    public func watching(_ watch: EventWatch?) -> IntegrationMethod {
        switch self {
        case .dopri5(var dp): dp.watch = watch; return .dopri5(dp)
        case .bdf(var bdf): bdf.watch = watch; return .bdf(bdf)
        case .automatic(var auto): auto.watch = watch; return .automatic(auto)
        case .rk4, .eulerMaruyama, .milstein: return self
        }
    }

    /// The same adaptive method with other tolerances or step budget (unchanged for the fixed-step methods).
    public func with(rtol: Double? = nil, atol: Double? = nil, maxSteps: Int? = nil) -> IntegrationMethod {
        switch self {
        case .dopri5(var dp):
            (dp.rtol, dp.atol, dp.maxSteps) = (rtol ?? dp.rtol, atol ?? dp.atol, maxSteps ?? dp.maxSteps)
            return .dopri5(dp)
        case .bdf(var bdf):
            (bdf.rtol, bdf.atol, bdf.maxSteps) = (rtol ?? bdf.rtol, atol ?? bdf.atol, maxSteps ?? bdf.maxSteps)
            return .bdf(bdf)
        case .automatic(var auto):
            (auto.rtol, auto.atol, auto.maxSteps) = (rtol ?? auto.rtol, atol ?? auto.atol, maxSteps ?? auto.maxSteps)
            return .automatic(auto)
        case .rk4, .eulerMaruyama, .milstein: return self
        }
    }

    /// Checks the settings for a run to `tEnd` of `dimension` components: a step dt in
    /// (0, tEnd] with at most 2⁵³ steps; rtol > 0, atol ≥ 0, maxSteps ≥ 1; one noise intensity
    /// (finite, ≥ 0) per component for the stochastic schemes.
    public func check(tEnd: Double, dimension: Int) throws(ParameterError) {
        switch self {
        case .rk4(let dt), .eulerMaruyama(let dt, _), .milstein(let dt, _):
            guard dt > 0, dt.isFinite else { throw ParameterError("dt", "must be > 0, got \(dt)") }
            guard dt <= tEnd else { throw ParameterError("dt", "dt = \(dt) exceeds t_end = \(tEnd)") }
            guard FixedStepGrid.stepCount(span: tEnd, dt: dt) != nil else {
                throw ParameterError("dt", "t_end/dt = \(tEnd / dt) steps is more than one run takes (2^53); raise dt or lower t_end")
            }
        case .dopri5(let dp): try Self.checkAdaptive(rtol: dp.rtol, atol: dp.atol, maxSteps: dp.maxSteps)
        case .bdf(let bdf):
            try Self.checkAdaptive(rtol: bdf.rtol, atol: bdf.atol, maxSteps: bdf.maxSteps)
            guard (1...5).contains(bdf.maxOrder) else { throw ParameterError("max_order", "must lie in 1…5, got \(bdf.maxOrder)") }
        case .automatic(let auto): try Self.checkAdaptive(rtol: auto.rtol, atol: auto.atol, maxSteps: auto.maxSteps)
        }
        if let noise {
            guard noise.sigma.count == dimension else { throw ParameterError("sigma", "expected \(dimension) values (one per member), got \(noise.sigma.count)") }
            for (i, s) in noise.sigma.enumerated() where !(s >= 0 && s.isFinite) { throw ParameterError("sigma", "must be finite and ≥ 0, got \(s) at [\(i)]") }
            if case .shared(let members) = noise.layout, members < 1 { throw ParameterError("noise", "the shared layout needs members ≥ 1, got \(members)") }
        }
    }

    /// rtol > 0, atol ≥ 0 (both finite) and maxSteps ≥ 1.
    private static func checkAdaptive(rtol: Double, atol: Double, maxSteps: Int) throws(ParameterError) {
        guard rtol > 0, rtol.isFinite else { throw ParameterError("rtol", "must be > 0, got \(rtol)") }
        guard atol >= 0, atol.isFinite else { throw ParameterError("atol", "must be ≥ 0, got \(atol)") }
        guard maxSteps >= 1 else { throw ParameterError("max_steps", "must be ≥ 1, got \(maxSteps)") }
    }

    /// The integrator that runs the method (the stochastic schemes draw member 0's noise).
    public var integrator: any Integrator { integrator(member: 0) }

    /// The integrator that runs the method, a stochastic scheme drawing member `member`'s noise.
    public func integrator(member: UInt64) -> any Integrator {
        switch self {
        case .rk4(let dt): return RungeKutta4(dt: dt)
        case .dopri5(let dp): return dp
        case .bdf(let bdf): return bdf
        case .automatic(let auto): return auto
        case .eulerMaruyama(let dt, let noise): return EulerMaruyama(dt: dt, noise: noise, member: member)
        case .milstein(let dt, let noise): return Milstein(dt: dt, noise: noise, member: member)
        }
    }

    /// The name used in specs and reports.
    public var name: String {
        switch self {
        case .rk4: return "rk4"
        case .dopri5: return "dopri5"
        case .bdf: return "bdf"
        case .automatic: return "auto"
        case .eulerMaruyama: return "euler-maruyama"
        case .milstein: return "milstein"
        }
    }
}

/// A community with what a run needs: the initial state, the time span, the method and how
/// many states to save.
public struct CommunityProblem: Sendable {
    public var community: Community
    public var initialState: [Double]
    public var tEnd: Double
    public var method: IntegrationMethod
    /// About how many states to save between 0 and tEnd (plus the initial one).
    public var saves: Int
    /// Extinctions and level crossings to locate (the adaptive methods), nil for none.
    public var watch: EventWatch?
    /// Parameters that follow drivers over time (none: the community as it is).
    public var drivers: [ParameterDriver]
    /// Changes to the state at given times (shocks, exits, entries), in time order.
    public var events: [ScheduledEvent]

    /// A run of `community` from `initialState` to `tEnd` by `method`, saving about `saves` states.
    public init(community: Community, initialState: [Double], tEnd: Double, method: IntegrationMethod, saves: Int = 500,
                watch: EventWatch? = nil, drivers: [ParameterDriver] = [], events: [ScheduledEvent] = []) throws(ParameterError) {
        guard initialState.count == community.n else { throw ParameterError("initialState", "expected \(community.n) values (one per member), got \(initialState.count)") }
        guard initialState.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ParameterError("initialState", "abundances must be finite and ≥ 0") }
        guard tEnd > 0, tEnd.isFinite else { throw ParameterError("tEnd", "must be > 0, got \(tEnd)") }
        guard saves >= 1 else { throw ParameterError("saves", "must be ≥ 1, got \(saves)") }
        try method.check(tEnd: tEnd, dimension: community.n)
        if let watch {
            guard method.fixedStep == nil else {
                throw ParameterError("watch", "extinctions and levels are located on the adaptive methods' interpolants; use method = \"auto\", \"dopri5\" or \"bdf\" (the method is \"\(method.name)\")")
            }
            try watch.check(dimension: community.n)
        }
        if !drivers.isEmpty { _ = try DrivenCommunityField(community, drivers: drivers, until: tEnd) }   // checks the drivers (it copies δ: not without them)
        for e in events { try e.check(dimension: community.n, tEnd: tEnd) }
        (self.community, self.initialState, self.tEnd, self.method, self.saves, self.watch) = (community, initialState, tEnd, method, saves, watch)
        self.drivers = drivers
        self.events = events.sorted { $0.time < $1.time }
    }

    /// Integrates the problem, saving about `saves` states (with `endpointsOnly`, only the
    /// first and the last: what a sweep reduces).
    public func solve(endpointsOnly: Bool = false) -> Solution { solve(saving: endpointsOnly ? .endpoints : savePlan, member: 0) }

    /// Integrates the problem saving by `plan`, a stochastic scheme drawing member `member`'s
    /// noise (an ensemble's member runs as its own problem).
    func solve(saving plan: SavePlan, member: UInt64) -> Solution {
        let integrator = (watch.map { method.watching($0) } ?? method).integrator(member: member)
        guard !drivers.isEmpty || !events.isEmpty else {
            return integrator.solve(CommunityField(community), from: initialState, over: 0...tEnd, saving: plan, limits: .population)
        }
        return segmented(integrator, plan: plan)
    }

    /// The run stopped at the drivers' jumps and kinks and at the scheduled events, each event
    /// applied to the state where its stretch ends (and recorded).
    private func segmented(_ integrator: any Integrator, plan: SavePlan) -> Solution {
        let field: any VectorField = drivers.isEmpty ? CommunityField(community) : try! DrivenCommunityField(community, drivers: drivers, until: tEnd)
        let breaks = (field as? DrivenCommunityField)?.breakPoints ?? []
        return integrator.solve(field, from: initialState, over: 0...tEnd, saving: plan, limits: .population,
                                stoppingAt: breaks + events.map(\.time)) { t, x in events.apply(at: t, to: &x) }
    }

    /// About `saves` states: at even times (adaptive) or every so many steps (fixed step).
    private var savePlan: SavePlan {
        switch method {
        case .dopri5, .bdf, .automatic: return .times((1...saves).map { tEnd * Double($0) / Double(saves) })
        case .rk4(let dt), .eulerMaruyama(let dt, _), .milstein(let dt, _): return .everyStep(max(1, Int((tEnd / dt / Double(saves)).rounded(.up))))
        }
    }
}
