import CSundials

/// The stiff method: variable-order, variable-step backward differentiation formulas (orders
/// 1–5) with Newton iterations, by SUNDIALS CVODE (Debian's libsundials-dev; Hindmarsh et al.,
/// *ACM TOMS* 31 (2005) 363). The Newton systems (I − γJ)z = r are solved by a dense LU for
/// systems of at most ``denseLimit`` states (the Jacobian from the field's products, or by
/// difference quotients), and above it by matrix-free GMRES with the field's J·v (or a
/// difference quotient), preconditioned by the Jacobian's diagonal when the field gives it — for a community one pass over δ per product, never an n×n
/// factorization. CVODE chosen by measurement over a Rosenbrock method with LAPACK: a dense LU
/// of the n = 1000 Jacobian costs, by estimate, about 200 products (docs/benchmarks.md, W9).
///
/// Steps are CVODE's own; states between steps come from its interpolating polynomial. With
/// `clampNegative`, saved and final states are clamped at 0 (CVODE's history is left as it is).
/// Events (``watch``) are CVODE's roots of x_i − threshold (falling) and of each level's quantity
/// minus its value, located on the interpolant by its Illinois iteration.
///
/// ```swift
/// let solution = BDF(rtol: 1e-6, atol: 1e-9).solve(CommunityField(community), from: x0, over: 0...1000)
/// ```
public struct BDF: Sendable {
    public var rtol: Double
    public var atol: Double
    /// Steps allowed before giving up with `max-steps`.
    public var maxSteps: Int
    /// The highest order used, 1…5.
    public var maxOrder: Int
    /// Steps of exactly this size (convergence tests); nil lets CVODE choose.
    public var fixedStep: Double?
    /// Extinctions and level crossings to locate, by CVODE's root finding on its interpolant
    /// (nil: none). An extinction sets the member to 0 there and restarts CVODE from that state.
    public var watch: EventWatch?

    /// Systems up to this size use a dense LU; larger ones matrix-free GMRES.
    public static let denseLimit = 64

    public init(rtol: Double = 1e-6, atol: Double = 1e-9, maxSteps: Int = 10_000_000, maxOrder: Int = 5, fixedStep: Double? = nil) {
        (self.rtol, self.atol, self.maxSteps, self.maxOrder, self.fixedStep) = (rtol, atol, maxSteps, maxOrder, fixedStep)
    }

    /// Integrates `field` from `x0` over `span`.
    public func solve<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>,
                                      saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()) -> Solution {
        solve(field, from: x0, over: span, saving: plan, limits: limits, handBack: nil)
    }

    /// As ``solve(_:from:over:saving:limits:)``; after each accepted step `handBack(t, h, x)` may
    /// end the run there (finished before the span's end: the automatic method takes over).
    func solve<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>, saving plan: SavePlan,
                               limits: StateLimits, handBack: ((Double, Double, UnsafePointer<Double>) -> Bool)?) -> Solution {
        let n = field.dimension
        precondition(x0.count == n, "x0 has \(x0.count) entries, the field \(n)")
        precondition(rtol > 0 && atol >= 0 && (1...5).contains(maxOrder), "need rtol > 0, atol ≥ 0 and maxOrder in 1…5")
        var recorder = SolutionRecorder(dimension: n)
        var stats = IntegrationStatistics()
        let (t0, tEnd) = (span.lowerBound, span.upperBound)
        let output = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        defer { output.deallocate() }
        x0.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: n) }
        recorder.record(t0, output)
        guard tEnd > t0, n > 0 else {
            return recorder.finish(status: .finished, message: nil, statistics: stats, finalTime: tEnd, finalState: x0)
        }
        let run = CVodeRun(field: field, from: x0, t0: t0, settings: self)
        if let watch { run.watch(watch) }
        defer { run.free() }
        var t = t0, status = IntegrationStatus.finished, message: String?
        var nextSave = plan.firstPending(after: t)
        var finalState = x0
        stepping: while t < tEnd {
            if stats.steps >= maxSteps {
                (status, message) = (.maxSteps, "gave up after \(maxSteps) steps at t = \(t)")
                break
            }
            var (flag, tNew) = run.step(toward: tEnd)
            guard flag >= 0 else {
                status = flag == CV_TOO_MUCH_WORK ? .maxSteps : .diverged
                message = "CVODE stopped at t = \(t): " + (run.errorMessage ?? "flag \(flag)")
                break
            }
            stats.steps += 1
            // Requested times inside (t, tNew] from CVODE's interpolant.
            if case .times(let ts) = plan {
                while nextSave < ts.count, ts[nextSave] <= tNew {
                    run.interpolate(at: ts[nextSave], into: output)
                    guard limits.admit(output, count: n, clamped: &stats.clampedValues) else {
                        (status, message) = (.diverged, limits.divergence(at: ts[nextSave]))
                        break stepping
                    }
                    recorder.record(ts[nextSave], output)
                    nextSave += 1
                }
            }
            output.update(from: run.state, count: n)
            guard limits.admit(output, count: n, clamped: &stats.clampedValues) else {
                (status, message) = (.diverged, limits.divergence(at: tNew))
                break
            }
            if flag == CV_ROOT_RETURN, let watch {
                stats.steps -= 1   // a root inside the step just taken, not a step of its own
                // The events at tNew, in the order of the roots; extinctions restart CVODE with the members at 0.
                let extinctions = run.recordRoots(of: watch, at: tNew, state: output, into: &recorder.events)
                if !extinctions.isEmpty {
                    for i in extinctions { output[i] = 0 }
                    run.restart(at: tNew, from: output)
                }
                flag = CV_SUCCESS
            }
            t = tNew >= tEnd - 1e-14 * abs(tEnd) ? tEnd : tNew
            finalState = Array(UnsafeBufferPointer(start: output, count: n))
            if case .everyStep(let every) = plan, stats.steps % max(every, 1) == 0 || t == tEnd {
                recorder.record(t, output)
            } else if case .endpoints = plan, t == tEnd {
                recorder.record(t, output)
            }
            if t < tEnd, let handBack, handBack(t, run.lastStep, run.state) { break }
        }
        run.count(into: &stats)
        run.addCarried(into: &stats)
        return recorder.finish(status: status, message: message, statistics: stats, finalTime: t, finalState: finalState)
    }
}

/// One CVODE integration: its memory, vector, linear solver and the field's callbacks.
private final class CVodeRun {
    let n: Int
    var context: SUNContext?
    var memory: UnsafeMutableRawPointer?
    let y: N_Vector
    var matrix: SUNMatrix?
    var linearSolver: SUNLinearSolver?
    let evaluate: (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    /// The field's linearization and J·v, when it gives them.
    var linearize: ((Double, UnsafePointer<Double>) -> Void)?
    var product: ((Double, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void)?
    /// The Jacobian's diagonal, for the preconditioner 1/(1 − γJ_ii).
    var diagonalAt: ((Double, UnsafePointer<Double>) -> Void)?
    var diagonal: [Double] = []
    var errorMessage: String?
    var products = 0

    init<F: VectorField>(field: F, from x0: [Double], t0: Double, settings: BDF) {
        n = field.dimension
        evaluate = { t, x, dx in field.evaluate(t, x, dx) }
        SUNContext_Create(nil, &context)
        y = N_VNew_Serial(sunindextype(n), context)!
        x0.withUnsafeBufferPointer { state.update(from: $0.baseAddress!, count: n) }
        if let jf = field as? any JacobianField { adoptJacobian(jf) }
        memory = CVodeCreate(CV_BDF, context)
        let me = Unmanaged.passUnretained(self).toOpaque()
        CVodeInit(memory, { t, y, dy, data in
            let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
            run.evaluate(t, N_VGetArrayPointer(y)!, N_VGetArrayPointer(dy)!)
            return 0
        }, t0, y)
        CVodeSetUserData(memory, me)
        CVodeSetErrHandlerFn(memory, { _, _, function, message, data in
            let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
            run.errorMessage = message.map { String(cString: $0) } ?? function.map { String(cString: $0) }
        }, me)
        CVodeSStolerances(memory, settings.rtol, settings.atol)
        CVodeSetMaxOrd(memory, Int32(settings.maxOrder))
        CVodeSetMaxNumSteps(memory, 1_000_000)
        if let h = settings.fixedStep {
            CVodeSetInitStep(memory, h)
            CVodeSetMinStep(memory, h)
            CVodeSetMaxStep(memory, h)
        }
        if n <= BDF.denseLimit {
            matrix = SUNDenseMatrix(sunindextype(n), sunindextype(n), context)
            linearSolver = SUNLinSol_Dense(y, matrix, context)
            CVodeSetLinearSolver(memory, linearSolver, matrix)
            if product != nil {
                CVodeSetJacFn(memory) { t, y, _, jacobian, data, _, _, _ in
                    let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
                    run.fillDense(t, N_VGetArrayPointer(y)!, SUNDenseMatrix_Data(jacobian)!)
                    return 0
                }
            }
        } else {
            linearSolver = SUNLinSol_SPGMR(y, Int32(diagonalAt == nil ? SUN_PREC_NONE : SUN_PREC_LEFT), 0, context)
            CVodeSetLinearSolver(memory, linearSolver, nil)
            if product != nil {
                CVodeSetJacTimes(memory, { t, y, _, data in
                    let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
                    run.linearize!(t, N_VGetArrayPointer(y)!)
                    return 0
                }, { v, jv, t, y, _, data, _ in
                    let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
                    run.products += 1
                    run.product!(t, N_VGetArrayPointer(y)!, N_VGetArrayPointer(v)!, N_VGetArrayPointer(jv)!)
                    return 0
                })
                CVodeSetPreconditioner(memory, { t, y, _, jacobianOK, jacobianCurrent, _, data in
                    let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
                    if jacobianOK == 0 { run.diagonalAt!(t, N_VGetArrayPointer(y)!) }
                    jacobianCurrent?.pointee = jacobianOK == 0 ? 1 : 0
                    return 0
                }, { _, _, _, r, z, gamma, _, _, data in
                    let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
                    let (rp, zp) = (N_VGetArrayPointer(r)!, N_VGetArrayPointer(z)!)
                    for i in 0..<run.n {
                        let m = 1 - gamma * run.diagonal[i]
                        zp[i] = m != 0 ? rp[i] / m : rp[i]
                    }
                    return 0
                })
            }
        }
    }

    /// Keeps the field's linearization and product (a cache of its size, filled at each refresh).
    private func adoptJacobian<J: JacobianField>(_ field: J) {
        let cacheBuffer = UnsafeMutablePointer<Double>.allocate(capacity: max(field.linearizationSize, 1))
        cacheBuffer.initialize(repeating: 0, count: max(field.linearizationSize, 1))
        cacheStorage = cacheBuffer
        linearize = { t, x in field.linearize(t, x, into: cacheBuffer) }
        product = { t, x, v, out in field.jacobianProduct(t, x, cache: cacheBuffer, v, out) }
        diagonal = [Double](repeating: 0, count: n)
        diagonalAt = { [unowned self] t, x in diagonal.withUnsafeMutableBufferPointer { field.jacobianDiagonal(t, x, $0.baseAddress!) } }
    }
    private var cacheStorage: UnsafeMutablePointer<Double>?

    /// The dense Jacobian (column-major) at (t, x), column j = J·e_j.
    func fillDense(_ t: Double, _ x: UnsafePointer<Double>, _ columns: UnsafeMutablePointer<Double>) {
        linearize!(t, x)
        let unit = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { unit.deallocate() }
        unit.initialize(repeating: 0, count: n)
        for j in 0..<n {
            unit[j] = 1
            product!(t, x, unit, columns + j * n)
            unit[j] = 0
        }
        products += n
    }

    /// The root functions of a watch: x_i − threshold per member (falling), then each level's
    /// quantity minus its value (in its direction).
    var roots: EventWatch?

    func watch(_ watch: EventWatch) {
        roots = watch
        let members = watch.extinction == nil ? 0 : n
        var directions = [Int32](repeating: -1, count: members)
        directions += watch.levels.map { $0.direction == .rising ? 1 : $0.direction == .falling ? -1 : 0 }
        CVodeRootInit(memory, Int32(directions.count)) { _, y, out, data in
            let run = Unmanaged<CVodeRun>.fromOpaque(data!).takeUnretainedValue()
            let x = N_VGetArrayPointer(y)!, watch = run.roots!
            var k = 0
            if let threshold = watch.extinction { for i in 0..<run.n { out![k] = x[i] - threshold; k += 1 } }
            for level in watch.levels {
                switch level.quantity {
                case .component(let i): out![k] = x[i] - level.value
                case .total: out![k] = (0..<run.n).reduce(0) { $0 + x[$1] } - level.value
                }
                k += 1
            }
            return 0
        }
        CVodeSetRootDirection(memory, &directions)
        // The state is 0 past an extinction, not the member's threshold: no warning for a root at the start.
        CVodeSetNoInactiveRootWarn(memory)
    }

    /// The events of the roots CVODE found at `t` (the state there in `state`, clamped), appended
    /// to `events`; returns the members that died out.
    func recordRoots(of watch: EventWatch, at t: Double, state: UnsafeMutablePointer<Double>, into events: inout [IntegrationEvent]) -> [Int] {
        let members = watch.extinction == nil ? 0 : n
        var found = [Int32](repeating: 0, count: members + watch.levels.count)
        CVodeGetRootInfo(memory, &found)
        let extinct = (0..<members).filter { found[$0] != 0 }
        var after = Array(UnsafeBufferPointer(start: state, count: n))
        for i in extinct { after[i] = 0 }
        for (k, level) in watch.levels.enumerated() where found[members + k] != 0 {
            var member: Int?
            if case .component(let i) = level.quantity { member = i }
            events.append(IntegrationEvent(kind: .level, time: t, member: member, level: level.value,
                                           direction: found[members + k] > 0 ? .rising : .falling, state: Array(UnsafeBufferPointer(start: state, count: n))))
        }
        for i in extinct {
            events.append(IntegrationEvent(kind: .extinction, time: t, member: i, level: watch.extinction!, direction: .falling, state: after))
        }
        return extinct
    }

    /// Starts CVODE again at (t, x) (after a member was set to 0), keeping its counters so far.
    func restart(at t: Double, from x: UnsafePointer<Double>) {
        count(into: &carried)
        state.update(from: x, count: n)
        CVodeReInit(memory, t, y)
    }

    /// The counters of the runs before the last restart.
    private var carried = IntegrationStatistics()

    func addCarried(into stats: inout IntegrationStatistics) { stats += carried }

    /// CVODE's current state.
    var state: UnsafeMutablePointer<Double> { N_VGetArrayPointer(y)! }

    /// One internal step toward `tEnd` (never past it): CVODE's flag and the new time.
    func step(toward tEnd: Double) -> (flag: Int32, t: Double) {
        CVodeSetStopTime(memory, tEnd)
        var t = 0.0
        let flag = CVode(memory, tEnd, y, &t, CV_ONE_STEP)
        return (flag, t)
    }

    /// The step just taken.
    var lastStep: Double {
        var h = 0.0
        CVodeGetLastStep(memory, &h)
        return h
    }

    /// The interpolated state at `t` inside the last step.
    func interpolate(at t: Double, into out: UnsafeMutablePointer<Double>) {
        let v = N_VMake_Serial(sunindextype(n), out, context)
        CVodeGetDky(memory, t, 0, v)
        N_VDestroy(v)
    }

    /// CVODE's counters (right-hand sides including those of difference quotients, rejected
    /// steps: error-test and Newton failures) and the Jacobian products.
    func count(into stats: inout IntegrationStatistics) {
        var rhs = 0, linearRHS = 0, errorFails = 0, newtonFails = 0
        CVodeGetNumRhsEvals(memory, &rhs)
        CVodeGetNumLinRhsEvals(memory, &linearRHS)
        CVodeGetNumErrTestFails(memory, &errorFails)
        CVodeGetNumNonlinSolvConvFails(memory, &newtonFails)
        stats.rhsEvaluations += rhs + linearRHS
        stats.rejectedSteps += errorFails + newtonFails
        stats.jacobianProducts += products
        products = 0
    }

    func free() {
        CVodeFree(&memory)
        SUNLinSolFree(linearSolver)
        if let matrix { SUNMatDestroy(matrix) }
        N_VDestroy(y)
        SUNContext_Free(&context)
        cacheStorage?.deallocate()
    }
}
