import Foundation

/// The Dormand–Prince 5(4) method with adaptive steps (the pair of Hairer's DOPRI5 and of
/// SciPy's RK45): fifth-order steps, a fourth-order error estimate, a PI step-size controller,
/// and a fourth-order dense output for states between steps.
///
/// The error of a step is the RMS over components of `e_i / (atol + rtol·max(|x_i|, |x̂_i|))`;
/// a step is accepted when it is ≤ 1. The next step is `h·clamp(err^(−α)·errₚ^β / 0.9⁻¹, 0.2, 10)`
/// with α = 0.2 − 0.75β, β = 0.04 (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4).
///
/// ```swift
/// let solution = DormandPrince(rtol: 1e-6, atol: 1e-9).solve(field, from: x0, over: 0...100)
/// ```
public struct DormandPrince: Sendable {
    public var rtol: Double
    public var atol: Double
    /// The first step; nil chooses it from the problem (Hairer's algorithm).
    public var initialStep: Double?
    /// The largest step allowed; nil allows the whole span.
    public var maxStep: Double?
    /// Accepted plus rejected steps allowed before giving up with `max-steps`.
    public var maxSteps: Int
    /// Extinctions and level crossings to locate on the dense output (nil: none).
    public var watch: EventWatch?
    /// End the run (finished, before the span's end) when Hairer's stiffness test fires (15
    /// accepted steps held by stability, ``stiffnessRatio(_:h:)``, without 6 others in a row): the
    /// automatic method hands over to ``BDF`` there.
    package var stopWhenStiff = false

    public init(rtol: Double = 1e-6, atol: Double = 1e-9, initialStep: Double? = nil, maxStep: Double? = nil,
                maxSteps: Int = 10_000_000) {
        (self.rtol, self.atol, self.initialStep, self.maxStep, self.maxSteps) = (rtol, atol, initialStep, maxStep, maxSteps)
    }

    // Butcher tableau.
    static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
    static let a21 = 1.0 / 5
    static let a31 = 3.0 / 40, a32 = 9.0 / 40
    static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
    static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
    static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176, a65 = -5103.0 / 18656
    static let a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784, a76 = 11.0 / 84
    // Error weights: fifth- minus fourth-order weights.
    static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40
    // Dense output.
    static let d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799, d4 = -10690763975.0 / 1880347072
    static let d5 = 701980252875.0 / 199316789632, d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423

    /// Working storage for one integration: the stages k1…k7 and scratch vectors.
    final class Workspace {
        let n: Int
        let buffer: UnsafeMutablePointer<Double>
        var k1: UnsafeMutablePointer<Double> { buffer }
        var k2: UnsafeMutablePointer<Double> { buffer + n }
        var k3: UnsafeMutablePointer<Double> { buffer + 2 * n }
        var k4: UnsafeMutablePointer<Double> { buffer + 3 * n }
        var k5: UnsafeMutablePointer<Double> { buffer + 4 * n }
        var k6: UnsafeMutablePointer<Double> { buffer + 5 * n }
        var k7: UnsafeMutablePointer<Double> { buffer + 6 * n }
        /// The current state, the candidate state, a stage argument, and an interpolation result.
        var x: UnsafeMutablePointer<Double> { buffer + 7 * n }
        var xNew: UnsafeMutablePointer<Double> { buffer + 8 * n }
        var stage: UnsafeMutablePointer<Double> { buffer + 9 * n }
        var dense: UnsafeMutablePointer<Double> { buffer + 10 * n }

        init(dimension: Int) {
            n = dimension
            buffer = .allocate(capacity: max(11 * dimension, 1))
            buffer.initialize(repeating: 0, count: max(11 * dimension, 1))
        }

        deinit { buffer.deallocate() }
    }

    /// One step of size h from (t, x) with k1 = f(t, x) given: fills k2…k7 (k7 = f(t + h, xNew))
    /// and xNew, and returns the scaled error norm.
    func step<F: VectorField>(_ field: F, _ w: Workspace, t: Double, h: Double) -> Double {
        typealias S = DormandPrince
        let n = w.n, x = w.x, s = w.stage
        let (k1, k2, k3, k4, k5, k6, k7) = (w.k1, w.k2, w.k3, w.k4, w.k5, w.k6, w.k7)
        Self.chunks(n) { r in for i in r { s[i] = x[i] + h * S.a21 * k1[i] } }
        field.evaluate(t + S.c2 * h, s, k2)
        Self.chunks(n) { r in for i in r { s[i] = x[i] + h * (S.a31 * k1[i] + S.a32 * k2[i]) } }
        field.evaluate(t + S.c3 * h, s, k3)
        Self.chunks(n) { r in for i in r { s[i] = x[i] + h * (S.a41 * k1[i] + S.a42 * k2[i] + S.a43 * k3[i]) } }
        field.evaluate(t + S.c4 * h, s, k4)
        Self.chunks(n) { r in for i in r { s[i] = x[i] + h * (S.a51 * k1[i] + S.a52 * k2[i] + S.a53 * k3[i] + S.a54 * k4[i]) } }
        field.evaluate(t + S.c5 * h, s, k5)
        Self.chunks(n) { r in for i in r { s[i] = x[i] + h * (S.a61 * k1[i] + S.a62 * k2[i] + S.a63 * k3[i] + S.a64 * k4[i] + S.a65 * k5[i]) } }
        field.evaluate(t + h, s, k6)
        let xNew = w.xNew
        Self.chunks(n) { r in for i in r { xNew[i] = x[i] + h * (S.a71 * k1[i] + S.a73 * k3[i] + S.a74 * k4[i] + S.a75 * k5[i] + S.a76 * k6[i]) } }
        field.evaluate(t + h, xNew, k7)
        let (atol, rtol) = (atol, rtol)
        let sum = Self.chunkedSum(n) { r in
            var sum = 0.0
            for i in r {
                let e = h * (S.e1 * k1[i] + S.e3 * k3[i] + S.e4 * k4[i] + S.e5 * k5[i] + S.e6 * k6[i] + S.e7 * k7[i])
                let scale = atol + rtol * max(abs(x[i]), abs(xNew[i]))
                sum += (e / scale) * (e / scale)
            }
            return sum
        }
        return n == 0 ? 0 : (sum / Double(n)).squareRoot()
    }

    /// From this size on, a step's vector operations are split into ``chunkCount`` pieces run on
    /// OpenBLAS's thread count (one inside a parallel region): a large system's stages stream
    /// more memory than one core moves.
    static let parallelSize = 1 << 16
    static let chunkCount = 16

    /// `body` over pieces of 0..<n (one piece below ``parallelSize``); the pieces depend on n
    /// only, so results do not depend on the thread count.
    static func chunks(_ n: Int, _ body: (Range<Int>) -> Void) {
        guard n >= parallelSize else { return body(0..<n) }
        ParallelLoop.run(chunkCount, threads: BLASThreads.count, usesBLAS: false) { c in body((c * n / chunkCount)..<((c + 1) * n / chunkCount)) }
    }

    /// The sum of `body` over the pieces of ``chunks(_:_:)``, added in order.
    static func chunkedSum(_ n: Int, _ body: (Range<Int>) -> Double) -> Double {
        guard n >= parallelSize else { return body(0..<n) }
        var parts = [Double](repeating: 0, count: chunkCount)
        parts.withUnsafeMutableBufferPointer { p in
            let p = UncheckedBox(p)
            chunks(n) { r in p.value[r.lowerBound * chunkCount / n] = body(r) }
        }
        return parts.reduce(0, +)
    }

    /// The dense-output state at t₀ + θh inside the last step (x → xNew), written into `w.dense`.
    func interpolate(_ w: Workspace, h: Double, theta: Double) {
        typealias S = DormandPrince
        let n = w.n, x = w.x, xNew = w.xNew
        let (k1, k3, k4, k5, k6, k7) = (w.k1, w.k3, w.k4, w.k5, w.k6, w.k7)
        let theta1 = 1 - theta
        for i in 0..<n {
            let diff = xNew[i] - x[i]
            let bspl = h * k1[i] - diff
            let r5 = h * (S.d1 * k1[i] + S.d3 * k3[i] + S.d4 * k4[i] + S.d5 * k5[i] + S.d6 * k6[i] + S.d7 * k7[i])
            w.dense[i] = x[i] + theta * (diff + theta1 * (bspl + theta * ((diff - h * k7[i] - bspl) + theta1 * r5)))
        }
    }

    /// Hairer's starting step: a step whose explicit Euler change is about 1% of the state, refined
    /// by an estimate of the second derivative. Costs one evaluation (k1 must hold f(t0, x0)).
    func startingStep<F: VectorField>(_ field: F, _ w: Workspace, t: Double, span: Double, evaluations: inout Int) -> Double {
        let n = w.n, x = w.x, f0 = w.k1
        guard n > 0 else { return span }
        var d0 = 0.0, d1 = 0.0
        for i in 0..<n {
            let sc = atol + rtol * abs(x[i])
            d0 += (x[i] / sc) * (x[i] / sc)
            d1 += (f0[i] / sc) * (f0[i] / sc)
        }
        d0 = (d0 / Double(n)).squareRoot()
        d1 = (d1 / Double(n)).squareRoot()
        let h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        for i in 0..<n { w.stage[i] = x[i] + h0 * f0[i] }
        field.evaluate(t + h0, w.stage, w.k2)
        evaluations += 1
        var d2 = 0.0
        for i in 0..<n {
            let sc = atol + rtol * abs(x[i])
            d2 += ((w.k2[i] - f0[i]) / sc) * ((w.k2[i] - f0[i]) / sc)
        }
        d2 = (d2 / Double(n)).squareRoot() / h0
        let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : Foundation.pow(0.01 / max(d1, d2), 0.2)
        return min(100 * h0, h1, span)
    }

    /// Hairer's estimate of h·|λ| for the step just taken, λ the dominant eigenvalue of the
    /// Jacobian: h·‖k₇ − k₆‖/‖x_new − s₆‖, s₆ the sixth stage's argument (*Solving ODEs II*,
    /// §IV.2; DOPRI5's `hlamb`). Beyond ``stiffnessBound`` the step is held by stability.
    func stiffnessRatio(_ w: Workspace, h: Double) -> Double {
        var num = 0.0, den = 0.0
        for i in 0..<w.n {
            let dk = w.k7[i] - w.k6[i], dx = w.xNew[i] - w.stage[i]
            num += dk * dk
            den += dx * dx
        }
        return den > 0 ? h * (num / den).squareRoot() : 0
    }

    /// h·|λ| above which a step counts as held by stability. DOPRI5 uses 3.25 (the real
    /// stability interval ends at 3.3), but the step controller keeps Prothero–Robinson's
    /// y' = −λ(y − cos t) − sin t at h·λ ≈ 2.66 (measured), where 3.25 never fires.
    static let stiffnessBound = 2.5

    /// The earliest member to fall through `threshold` within the last step (x → xNew), located
    /// on the dense output: its fraction θ of the step and its index.
    func firstExtinction(_ w: Workspace, h: Double, below threshold: Double?) -> (theta: Double, member: Int)? {
        guard let threshold else { return nil }
        var first: (theta: Double, member: Int)?
        for i in 0..<w.n where w.x[i] > threshold && w.xNew[i] <= threshold {
            let theta = Self.locate(from: 0, to: first?.theta ?? 1) { self.interpolate(w, h: h, theta: $0); return w.dense[i] - threshold }
            if let theta, theta < (first?.theta ?? 2) { first = (theta, i) }
        }
        return first
    }

    /// The crossings of `levels` within the first `until` of the last step, in time order.
    func levelCrossings(_ w: Workspace, h: Double, t: Double, until: Double, levels: [EventWatch.Level]) -> [IntegrationEvent] {
        func value(_ q: EventWatch.Quantity, _ x: UnsafePointer<Double>) -> Double {
            switch q {
            case .component(let i): return x[i]
            case .total: return (0..<w.n).reduce(0) { $0 + x[$1] }
            }
        }
        var found = [IntegrationEvent]()
        for level in levels {
            let g: (Double) -> Double = { theta in self.interpolate(w, h: h, theta: theta); return value(level.quantity, w.dense) - level.value }
            // At the end of an uncut step the interpolant is xNew: no interpolation per level and step.
            let (start, end) = (value(level.quantity, w.x) - level.value, until == 1 ? value(level.quantity, w.xNew) - level.value : g(until))
            guard (start < 0) != (end < 0) || end == 0, start != 0 else { continue }
            let rising = end > start
            guard level.direction == .either || (level.direction == .rising) == rising else { continue }
            guard let theta = Self.locate(from: 0, to: until, g) else { continue }
            interpolate(w, h: h, theta: theta)
            var member: Int?
            if case .component(let i) = level.quantity { member = i }
            found.append(IntegrationEvent(kind: .level, time: t + theta * h, member: member, level: level.value,
                                          direction: rising ? .rising : .falling, state: Array(UnsafeBufferPointer(start: w.dense, count: w.n))))
        }
        return found.sorted { $0.time < $1.time }
    }

    /// The zero of g in [a, b] within the step (to 1e-12 of it), or nil when g does not change sign.
    static func locate(from a: Double, to b: Double, _ g: (Double) -> Double) -> Double? {
        RootBracketing.regulaFalsi({ g($0) }, a, g(a), b, g(b), tolerance: 1e-12)
    }

    /// Integrates `field` from `x0` over `span`.
    public func solve<F: VectorField>(
        _ field: F, from x0: [Double], over span: ClosedRange<Double>,
        saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()
    ) -> Solution {
        let n = field.dimension
        precondition(x0.count == n, "x0 has \(x0.count) entries, the field \(n)")
        precondition(rtol > 0 && atol >= 0, "need rtol > 0 and atol ≥ 0")
        let w = Workspace(dimension: n)
        x0.withUnsafeBufferPointer { w.x.update(from: $0.baseAddress!, count: n) }
        var stats = IntegrationStatistics()
        var recorder = SolutionRecorder(dimension: n)
        let (t0, tEnd) = (span.lowerBound, span.upperBound)
        var t = t0
        var nextSave = plan.firstPending(after: t)
        recorder.record(t, w.x)
        var status = IntegrationStatus.finished, message: String?
        let hMax = maxStep ?? (tEnd - t0)
        if tEnd > t0 {
            field.evaluate(t, w.x, w.k1)
            stats.rhsEvaluations += 1
            var h = min(initialStep ?? startingStep(field, w, t: t, span: tEnd - t0, evaluations: &stats.rhsEvaluations), hMax)
            var previousError = 1e-4
            var lastRejected = false
            let beta = 0.04, alpha = 0.2 - 0.75 * beta, safety = 0.9
            var (stiffSteps, nonStiffSteps) = (0, 0)
            while t < tEnd {
                if stats.steps + stats.rejectedSteps >= maxSteps {
                    status = .maxSteps
                    message = "gave up after \(maxSteps) steps at t = \(t)"
                    break
                }
                if t + 1.01 * h >= tEnd { h = tEnd - t }   // land exactly on tEnd
                let err = step(field, w, t: t, h: h)
                stats.rhsEvaluations += 6
                if err <= 1 {
                    // Stiff when 15 accepted steps sit on the stability boundary without 6 off it in a row.
                    var stiff = false
                    if stopWhenStiff {
                        if stiffnessRatio(w, h: h) > Self.stiffnessBound {
                            (nonStiffSteps, stiffSteps) = (0, stiffSteps + 1)
                            stiff = stiffSteps == 15
                        } else {
                            nonStiffSteps += 1
                            if nonStiffSteps == 6 { stiffSteps = 0 }
                        }
                    }
                    var tNew = t + h == tEnd || tEnd - (t + h) < 1e-14 * abs(tEnd) ? tEnd : t + h
                    // An extinction inside the step ends it there: the step is cut at the event.
                    var cut: (theta: Double, member: Int)?
                    if let watch {
                        cut = firstExtinction(w, h: h, below: watch.extinction)
                        let until = cut?.theta ?? 1
                        recorder.events += levelCrossings(w, h: h, t: t, until: until, levels: watch.levels)
                        if let cut { tNew = t + cut.theta * h }
                    }
                    // Save requested times inside (t, tNew] from the dense output, before x moves on.
                    if case .times(let ts) = plan {
                        while nextSave < ts.count, ts[nextSave] <= tNew {
                            interpolate(w, h: h, theta: (ts[nextSave] - t) / h)
                            recorder.record(ts[nextSave], w.dense)
                            nextSave += 1
                        }
                    }
                    if let cut {
                        // The state at the extinction, the member at 0, and on from there.
                        interpolate(w, h: h, theta: cut.theta)
                        w.dense[cut.member] = 0
                        w.xNew.update(from: w.dense, count: n)
                        recorder.events.append(IntegrationEvent(kind: .extinction, time: tNew, member: cut.member, level: watch!.extinction!,
                                                                direction: .falling, state: Array(UnsafeBufferPointer(start: w.dense, count: n))))
                    }
                    let clampedBefore = stats.clampedValues
                    guard limits.admit(w.xNew, count: n, clamped: &stats.clampedValues) else {
                        status = .diverged
                        message = limits.divergence(at: tNew)
                        break
                    }
                    w.x.update(from: w.xNew, count: n)
                    if stats.clampedValues != clampedBefore || cut != nil {
                        field.evaluate(tNew, w.x, w.k1)   // a clamped or cut state needs its own slope
                        stats.rhsEvaluations += 1
                    } else {
                        w.k1.update(from: w.k7, count: n)   // first same as last
                    }
                    t = tNew
                    stats.steps += 1
                    if case .everyStep(let every) = plan, stats.steps % max(every, 1) == 0 || t == tEnd {
                        recorder.record(t, w.x)
                    } else if case .endpoints = plan, t == tEnd {
                        recorder.record(t, w.x)
                    }
                    var factor = Foundation.pow(max(err, 1e-10), -alpha) * Foundation.pow(previousError, beta) * safety
                    factor = min(10, max(0.2, factor))
                    if lastRejected { factor = min(1, factor) }
                    h = min(h * factor, hMax)
                    previousError = max(err, 1e-4)
                    lastRejected = false
                    if stiff, t < tEnd { break }
                } else {
                    stats.rejectedSteps += 1
                    h *= max(0.2, safety * Foundation.pow(err, -alpha))
                    lastRejected = true
                    if h < 1e-14 * max(1, abs(t)) {
                        status = .diverged
                        message = "the step size fell to \(h) at t = \(t): the solution is blowing up or too stiff"
                        break
                    }
                }
            }
        }
        return recorder.finish(status: status, message: message, statistics: stats, finalTime: t,
                               finalState: Array(UnsafeBufferPointer(start: w.x, count: n)))
    }
}
