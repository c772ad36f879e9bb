import CEcodyn
import EcodynCore

/// A run's result behind `ecodyn_solution *`; its message is handed out as a C string.
typealias SolutionHandle = Handle<Solution>

@c(ecodyn_integrate_options_default)
public func integrateOptionsDefault(_ options: UnsafeMutablePointer<ecodyn_integrate_options>?) {
    let dp = DormandPrince()
    options?.pointee = ecodyn_integrate_options(
        method: ECODYN_DOPRI5, rtol: dp.rtol, atol: dp.atol, dt: 0, max_step: 0, max_steps: Int64(dp.maxSteps), save_every: 1,
        noise: ECODYN_NOISE_ADDITIVE, sigma: nil, seed: 0, threads: 0, clamp_negative: 0, bound: StateLimits().bound,
        extinction: 0, level_member: ECODYN_NO_LEVEL, level: 0, level_direction: ECODYN_EITHER)
}

/// What a C caller's options ask for.
struct RunSettings {
    var method: IntegrationMethod
    var limits: StateLimits
    var saveEvery: Int
    var singleThreadedBLAS: Bool

    /// Reads and checks `options` (NULL: the defaults) for a run over `span` of `dimension` components.
    init(_ options: UnsafePointer<ecodyn_integrate_options>?, span: Double, dimension: Int) throws(ABIError) {
        var o = ecodyn_integrate_options()
        if let options { o = options.pointee } else { integrateOptionsDefault(&o) }
        switch o.method {
        case ECODYN_DOPRI5:
            guard o.dt >= 0, o.max_step >= 0 else { throw .argument(o.dt < 0 ? "dt" : "max_step", "must be ≥ 0 (0: chosen by the method)") }
            guard o.max_steps >= 1, o.max_steps <= Int64(Int.max) else { throw .argument("max_steps", "must be ≥ 1, got \(o.max_steps)") }
            method = .dopri5(DormandPrince(rtol: o.rtol, atol: o.atol, initialStep: o.dt > 0 ? o.dt : nil,
                                           maxStep: o.max_step > 0 ? o.max_step : nil, maxSteps: Int(o.max_steps)))
        case ECODYN_BDF, ECODYN_AUTO:
            guard o.dt == 0, o.max_step == 0 else { throw .argument(o.dt != 0 ? "dt" : "max_step", "bdf and auto choose their own steps; leave it 0") }
            guard o.max_steps >= 1, o.max_steps <= Int64(Int.max) else { throw .argument("max_steps", "must be ≥ 1, got \(o.max_steps)") }
            method = o.method == ECODYN_BDF ? .bdf(BDF(rtol: o.rtol, atol: o.atol, maxSteps: Int(o.max_steps)))
                                            : .automatic(AutomaticMethod(rtol: o.rtol, atol: o.atol, maxSteps: Int(o.max_steps)))
        case ECODYN_RK4:
            method = .rk4(dt: o.dt)
        case ECODYN_EULER_MARUYAMA, ECODYN_MILSTEIN:
            guard o.noise == ECODYN_NOISE_ADDITIVE || o.noise == ECODYN_NOISE_MULTIPLICATIVE else {
                throw .argument("noise", "must be ECODYN_NOISE_ADDITIVE (0) or ECODYN_NOISE_MULTIPLICATIVE (1), got \(o.noise)")
            }
            let sigma = try ABIInput.values(o.sigma, dimension, "sigma")
            let noise = Noise(kind: o.noise == ECODYN_NOISE_ADDITIVE ? .additive : .multiplicative, sigma: sigma, seed: o.seed)
            method = o.method == ECODYN_MILSTEIN ? .milstein(dt: o.dt, noise: noise) : .eulerMaruyama(dt: o.dt, noise: noise)
        default:
            throw .argument("method", "must be ECODYN_DOPRI5 (0), ECODYN_RK4 (1), ECODYN_EULER_MARUYAMA (2), ECODYN_MILSTEIN (3), ECODYN_BDF (4) or ECODYN_AUTO (5), got \(o.method)")
        }
        do { try method.check(tEnd: span, dimension: dimension) } catch { throw .argument(error.parameter, error.message) }
        guard o.save_every >= 1, o.save_every <= Int64(Int.max) else { throw .argument("save_every", "must be ≥ 1, got \(o.save_every)") }
        guard o.bound >= 0, !o.bound.isNaN else { throw .argument("bound", "must be ≥ 0 (0: the default 1e12), got \(o.bound)") }
        limits = StateLimits(clampNegative: o.clamp_negative != 0, bound: o.bound > 0 ? o.bound : StateLimits().bound)
        saveEvery = Int(o.save_every)
        singleThreadedBLAS = o.threads == 1
        _ = try ABIInput.threads(o.threads)
        // Events, for the adaptive methods.
        guard o.extinction >= 0, o.extinction.isFinite else { throw .argument("extinction", "must be a finite abundance ≥ 0 (0: none), got \(o.extinction)") }
        guard o.level_member >= ECODYN_NO_LEVEL, Int(o.level_member) < dimension else {
            throw .argument("level_member", "must be a component 0..<\(dimension), ECODYN_TOTAL or ECODYN_NO_LEVEL, got \(o.level_member)")
        }
        let directions: [Int32: EventWatch.Direction] = [ECODYN_RISING: .rising, ECODYN_FALLING: .falling, ECODYN_EITHER: .either]
        guard let direction = directions[o.level_direction] else { throw .argument("level_direction", "must be ECODYN_RISING, ECODYN_FALLING or ECODYN_EITHER, got \(o.level_direction)") }
        if o.extinction > 0 || o.level_member != ECODYN_NO_LEVEL {
            guard method.fixedStep == nil else { throw .argument("extinction", "events are located on the adaptive methods' interpolants: use ECODYN_AUTO, ECODYN_DOPRI5 or ECODYN_BDF") }
            let levels = o.level_member == ECODYN_NO_LEVEL ? [] : [EventWatch.Level(o.level_member == ECODYN_TOTAL ? .total : .component(Int(o.level_member)), o.level, direction)]
            let watch = EventWatch(extinction: o.extinction > 0 ? o.extinction : nil, levels: levels)
            do { try watch.check(dimension: dimension) } catch { throw .argument(error.parameter, error.message) }
            method = method.watching(watch)
        }
    }

    /// Which states to keep: the requested times (checked ascending inside (t0, t1]) or every
    /// `saveEvery`-th step.
    func plan(times: UnsafePointer<Double>?, count: Int, over span: ClosedRange<Double>) throws(ABIError) -> SavePlan {
        let count = try ABIInput.count(count, "n_times")
        guard count > 0 else { return .everyStep(saveEvery) }
        let ts = try ABIInput.values(times, count, "times")
        for (k, t) in ts.enumerated() {
            guard t > span.lowerBound, t <= span.upperBound else { throw .argument("times[\(k)]", "must lie in (t0, t1] = (\(span.lowerBound), \(span.upperBound)], got \(t)") }
            guard k == 0 || t > ts[k - 1] else { throw .argument("times[\(k)]", "times must increase, got \(ts[k - 1]) then \(t)") }
        }
        if let dt = method.fixedStep {
            // Fixed steps keep states on their step grid only: refuse times between its points.
            for (k, t) in ts.enumerated() {
                let steps = (t - span.lowerBound) / dt
                guard abs(steps - steps.rounded()) <= 1e-9 * max(1, steps) || t == span.upperBound else {
                    throw .argument("times[\(k)]", "\(t) is not on the step grid t0 + k·dt (dt = \(dt)); use times on it, or method ECODYN_DOPRI5, which interpolates")
                }
            }
        }
        return .times(ts)
    }

    /// Runs `body` under the call's BLAS thread policy.
    func withThreadPolicy<T>(_ body: () -> T) -> T {
        singleThreadedBLAS ? BLASThreads.withSingleThread(body) : body()
    }
}

/// The time span [t0, t1] of a C call.
func span(_ t0: Double, _ t1: Double) throws(ABIError) -> ClosedRange<Double> {
    guard t0.isFinite, t1.isFinite, t1 > t0 else { throw .argument("t1", "need finite t0 < t1, got t0 = \(t0), t1 = \(t1)") }
    return t0...t1
}

/// The body of every integration call: reads x0 (`field.dimension` values, ≥ 0 for populations,
/// which are also clamped at 0), the span and the options, integrates `field` (in stretches
/// ending at `stops`, `between` applied at each) and hands out the solution.
func integrate<F: VectorField>(_ field: F, population: Bool, x0: UnsafePointer<Double>?, _ t0: Double, _ t1: Double,
                               times: UnsafePointer<Double>?, count: Int, options: UnsafePointer<ecodyn_integrate_options>?,
                               out: UnsafeMutablePointer<OpaquePointer?>?, stops: [Double] = [],
                               between: (Double, inout [Double]) -> [IntegrationEvent] = { _, _ in [] }) throws(ABIError) {
    let out = try ABIInput.output(out, "out")
    let x = try ABIInput.values(x0, field.dimension, "x0")
    if population, !x.allSatisfy({ $0 >= 0 }) { throw ABIError.argument("x0", "abundances must be ≥ 0") }
    let span = try span(t0, t1)
    var settings = try RunSettings(options, span: t1 - t0, dimension: field.dimension)
    if population { settings.limits.clampNegative = true }
    let plan = try settings.plan(times: times, count: count, over: span)
    let solution = settings.withThreadPolicy {
        stops.isEmpty ? settings.method.integrator.solve(field, from: x, over: span, saving: plan, limits: settings.limits)
                      : settings.method.integrator.solve(field, from: x, over: span, saving: plan, limits: settings.limits, stoppingAt: stops, between: between)
    }
    SolutionHandle.give(solution, strings: [solution.message ?? ""], to: out)
}

@c(ecodyn_community_integrate)
public func communityIntegrate(_ community: OpaquePointer?, _ x0: UnsafePointer<Double>?, _ t0: Double, _ t1: Double,
                               _ times: UnsafePointer<Double>?, _ count: Int, _ options: UnsafePointer<ecodyn_integrate_options>?,
                               _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let field = CommunityField(try CommunityHandle.value(community, "community"))
        try integrate(field, population: true, x0: x0, t0, t1, times: times, count: count, options: options, out: out)
    }
}

/// A user model's right-hand side, called through its C function pointer.
struct CallbackField: VectorField {
    let dimension: Int
    let f: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Void
    let context: UnsafeMutableRawPointer?

    func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) { f(t, x, dx, context) }
}

@c(ecodyn_integrate_function)
public func integrateFunction(_ dimension: Int, _ f: ecodyn_rhs?, _ context: UnsafeMutableRawPointer?, _ x0: UnsafePointer<Double>?,
                              _ t0: Double, _ t1: Double, _ times: UnsafePointer<Double>?, _ count: Int,
                              _ options: UnsafePointer<ecodyn_integrate_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let n = try ABIInput.count(dimension, "dimension", minimum: 1)
        guard let f else { throw ABIError.argument("f", "is NULL; pass the right-hand side") }
        try integrate(CallbackField(dimension: n, f: f, context: context), population: false, x0: x0, t0, t1, times: times,
                      count: count, options: options, out: out)
    }
}

@c(ecodyn_function_stability)
public func functionStability(_ dimension: Int, _ f: ecodyn_rhs?, _ jacobian: ecodyn_jacobian?, _ context: UnsafeMutableRawPointer?,
                              _ t: Double, _ x: UnsafePointer<Double>?, _ jacobianOut: UnsafeMutablePointer<Double>?,
                              _ real: UnsafeMutablePointer<Double>?, _ imaginary: UnsafeMutablePointer<Double>?,
                              _ stability: UnsafeMutablePointer<ecodyn_stability>?) -> Int32 {
    abiCall {
        let n = try ABIInput.count(dimension, "dimension", minimum: 1)
        _ = try ABIInput.product([n, n], "dimension")
        let state = try ABIInput.values(x, n, "x")
        guard t.isFinite else { throw ABIError.argument("t", "must be finite, got \(t)") }
        var j = Matrix(rows: n, columns: n)
        if let jacobian {
            j.elements.withUnsafeMutableBufferPointer { buffer in state.withUnsafeBufferPointer { jacobian(t, $0.baseAddress, buffer.baseAddress, context) } }
        } else {
            guard let f else { throw ABIError.argument("f", "is NULL; pass the right-hand side or its Jacobian") }
            let field = CallbackField(dimension: n, f: f, context: context)
            j = CentralDifferences.jacobian(of: { x in
                var dx = [Double](repeating: 0, count: n)
                x.withUnsafeBufferPointer { xp in dx.withUnsafeMutableBufferPointer { field.evaluate(t, xp.baseAddress!, $0.baseAddress!) } }
                return dx
            }, at: state)
        }
        guard j.elements.allSatisfy(\.isFinite) else { throw ABIError(status: ECODYN_ERROR_NUMERICAL, message: "jacobian: the Jacobian at x is not finite") }
        if let jacobianOut { write(j, layout: ECODYN_ROW_MAJOR, into: jacobianOut) }
        write(try StabilityReport(jacobian: j), feasible: true, real: real, imaginary: imaginary, stability: stability)
    }
}

@c(ecodyn_solution_free)
public func solutionFree(_ solution: OpaquePointer?) { SolutionHandle.release(solution) }

@c(ecodyn_solution_get_info)
public func solutionGetInfo(_ solution: OpaquePointer?, _ info: UnsafeMutablePointer<ecodyn_solution_info>?) -> Int32 {
    abiCall {
        let s = try SolutionHandle.value(solution, "solution")
        let info = try ABIInput.output(info, "info")
        info.pointee = ecodyn_solution_info(
            status: s.status.code, dimension: s.dimension, saved: s.times.count, steps: Int64(s.statistics.steps),
            rejected: Int64(s.statistics.rejectedSteps), evaluations: Int64(s.statistics.rhsEvaluations),
            clamped: Int64(s.statistics.clampedValues), final_time: s.finalTime, events: s.events.count)
    }
}

@c(ecodyn_solution_copy)
public func solutionCopy(_ solution: OpaquePointer?, _ times: UnsafeMutablePointer<Double>?, _ states: UnsafeMutablePointer<Double>?) -> Int32 {
    abiCall {
        let s = try SolutionHandle.value(solution, "solution")
        if let times { write(s.times, into: times) }
        if let states { write(s.states, into: states) }
    }
}

@c(ecodyn_solution_events)
public func solutionEvents(_ solution: OpaquePointer?, _ kinds: UnsafeMutablePointer<Int32>?, _ times: UnsafeMutablePointer<Double>?,
                           _ members: UnsafeMutablePointer<Int32>?, _ directions: UnsafeMutablePointer<Int32>?,
                           _ states: UnsafeMutablePointer<Double>?) -> Int32 {
    abiCall {
        let s = try SolutionHandle.value(solution, "solution")
        for (k, e) in s.events.enumerated() {
            kinds?[k] = [.extinction: ECODYN_EVENT_EXTINCTION, .level: ECODYN_EVENT_LEVEL, .scheduled: ECODYN_EVENT_SCHEDULED][e.kind]!
            times?[k] = e.time
            members?[k] = e.member.map { Int32($0) } ?? ECODYN_TOTAL
            directions?[k] = e.direction == .rising ? ECODYN_RISING : e.direction == .falling ? ECODYN_FALLING : ECODYN_EITHER
            if let states { write(e.state, into: states + k * s.dimension) }
        }
    }
}

@c(ecodyn_solution_phases)
public func solutionPhases(_ solution: OpaquePointer?, _ methods: UnsafeMutablePointer<Int32>?, _ starts: UnsafeMutablePointer<Double>?,
                           _ capacity: Int, _ count: UnsafeMutablePointer<Int>?) -> Int32 {
    abiCall {
        let s = try SolutionHandle.value(solution, "solution")
        let capacity = try ABIInput.count(capacity, "capacity")
        try ABIInput.output(count, "count").pointee = s.phases.count
        for (k, phase) in s.phases.prefix(capacity).enumerated() {
            methods?[k] = phase.method == "bdf" ? ECODYN_BDF : ECODYN_DOPRI5
            starts?[k] = phase.start
        }
    }
}

@c(ecodyn_solution_message)
public func solutionMessage(_ solution: OpaquePointer?) -> UnsafePointer<CChar>? { SolutionHandle.object(solution)?.string(0) }

extension IntegrationStatus {
    /// ECODYN_FINISHED, ECODYN_DIVERGED or ECODYN_MAX_STEPS.
    var code: Int32 {
        switch self {
        case .finished: return ECODYN_FINISHED
        case .diverged: return ECODYN_DIVERGED
        case .maxSteps: return ECODYN_MAX_STEPS
        }
    }
}
