import ComplexModule
import RealModule
import Foundation

/// Pseudo-arclength continuation of equilibria (Keller; MODELS.md §4): along the curve
/// f(x; p) = 0, a predictor step along the unit tangent of [f_x f_p], a Newton corrector on f = 0
/// plus the arclength condition (LAPACK `dgesv` on the bordered Jacobian), an adaptive step, and
/// the tangent's orientation kept from step to step — so folds are passed and the branch turns.
///
/// Every accepted point's eigenvalues (LAPACK `dgeev`) are counted: an odd change in the number
/// with positive real part is a real eigenvalue crossing (a fold when the tangent's parameter
/// component changes sign, else a branch point), a change by two in the unstable complex ones is
/// a Hopf pair; each is located by regula falsi along the arclength (not read off a sample).
/// Steps that would change the counts by more than that are halved until the changes separate,
/// and the step is held below half the arclength in which the eigenvalue nearest the imaginary
/// axis would reach it at its present speed (down to a thousandth of the largest step), so two
/// Hopf points close together are not stepped over.
///
/// ```swift
/// let family = try EquilibriumFamily(kinetics: try Brusselator(a: 1, b: 1.5), parameter: "b")
/// let branch = try Continuation(family).branch(from: [1, 1.5], to: 3)
/// branch.bifurcations.first?.parameterValue   // 2 = 1 + a²: the Hopf point, frequency a = 1
/// ```
public struct Continuation: Sendable {
    public var family: EquilibriumFamily
    public var settings: ContinuationSettings
    /// Extra continuous test functions: a sign change of one is located and reported as its type.
    public var monitors: BranchMonitors
    /// Stop the branch at the first located monitor event (for branch switching).
    public var stopsAtMonitorEvents = false
    /// Count eigenvalues and locate folds, Hopf and branch points (off for curves of bifurcation
    /// points, whose augmented Jacobian's eigenvalues mean nothing).
    public var locatesBifurcations = true
    /// Hold the step below the distance at which a real eigenvalue would reach 0, as for complex
    /// pairs (off where monitors locate those crossings anyway).
    public var slowsNearRealCrossings = true

    public init(_ family: EquilibriumFamily, settings: ContinuationSettings = ContinuationSettings(), monitors: BranchMonitors = .none) {
        (self.family, self.settings, self.monitors) = (family, settings, monitors)
    }

    /// Follows the branch through the equilibrium near `x0` at the family's own parameter value
    /// (or `start`) until the parameter reaches `target`.
    public func branch(from x0: [Double], at start: Double? = nil, to target: Double) throws -> EquilibriumBranch {
        guard x0.count == family.dimension else { throw ParameterError("from", "expected \(family.dimension) values (the state), got \(x0.count)") }
        let p0 = start ?? family.initialValue
        guard target.isFinite, p0.isFinite, target != p0 else { throw ParameterError("to", "the target must be a finite value other than the start \(p0), got \(target)") }
        var run = BranchRun(continuation: self, target: target)
        // Its LAPACK calls are on matrices of a few hundred rows at most, where OpenBLAS's threads
        // cost more than they bring (C1: 5.7 s with two, 4.8 s with one).
        return try family.dimension <= 500 ? BLASThreads.withSingleThread { try run.follow(from: x0, at: p0) } : run.follow(from: x0, at: p0)
    }
}

/// Step sizes (in arclength of (x, p)), Newton's tolerance and budget, and the point budget. Left
/// nil, the steps follow the size of the problem, L = |Δp| + ‖x₀‖: first L/100, largest L/25,
/// smallest |Δp|·1e-9.
public struct ContinuationSettings: Sendable, Equatable {
    public var initialStep: Double?
    public var maximumStep: Double?
    public var minimumStep: Double?
    public var maximumPoints: Int
    /// Newton's tolerance on the correction, relative to 1 + ‖y‖.
    public var tolerance: Double
    public var maximumIterations: Int

    public init(initialStep: Double? = nil, maximumStep: Double? = nil, minimumStep: Double? = nil, maximumPoints: Int = 5000,
                tolerance: Double = 1e-11, maximumIterations: Int = 10) {
        (self.initialStep, self.maximumStep, self.minimumStep) = (initialStep, maximumStep, minimumStep)
        (self.maximumPoints, self.tolerance, self.maximumIterations) = (maximumPoints, tolerance, maximumIterations)
    }
}

/// Continuous functions along a branch whose zeros are events (a community member's equilibrium
/// value: it leaves; an absent member's growth rate when rare: it can enter), evaluated together
/// so that they share one evaluation of the model.
public struct BranchMonitors: Sendable {
    /// What a zero of each function is.
    public struct Event: Sendable {
        public var type: BifurcationType
        public var member: Int?
        /// The note of a located zero, given the direction (true: the value rises through 0).
        public var note: @Sendable (_ rising: Bool) -> String

        public init(type: BifurcationType, member: Int?, note: @escaping @Sendable (Bool) -> String) {
            (self.type, self.member, self.note) = (type, member, note)
        }
    }

    public var events: [Event]
    /// The functions' values at (x, p), one per event.
    public var values: @Sendable (_ x: [Double], _ p: Double) throws -> [Double]
    /// The branch's state at p when it is known in closed form (a community's equilibrium on a set
    /// of members is one linear solve): zeros are then located in p on it.
    public var state: (@Sendable (Double) throws -> [Double])?

    public init(events: [Event], state: (@Sendable (Double) throws -> [Double])? = nil,
                values: @escaping @Sendable ([Double], Double) throws -> [Double]) {
        (self.events, self.state, self.values) = (events, state, values)
    }

    /// No monitors.
    public static let none = BranchMonitors(events: []) { _, _ in [] }
}

/// One point of the curve with what the event tests read at it.
struct CurvePoint {
    var y: [Double]            // x then p
    var tangent: [Double]
    var eigenvalues: [Complex<Double>]
    var monitorValues: [Double]

    var p: Double { y[y.count - 1] }
    var x: [Double] { Array(y.dropLast()) }
    var tangentP: Double { tangent[tangent.count - 1] }
    var maxReal: Double { eigenvalues.map(\.real).max() ?? -.infinity }

    /// Eigenvalues with Re > 0: all of them, and the complex ones.
    var unstable: (total: Int, complex: Int) {
        let scale = max(1, eigenvalues.map(\.length).max() ?? 0)
        let up = eigenvalues.filter { $0.real > 0 }
        return (up.count, up.filter { abs($0.imaginary) > 1e-9 * scale }.count)
    }

    /// The real part of the complex eigenvalue nearest the imaginary axis, signed (nil: none).
    var nearestComplexReal: Double? {
        let scale = max(1, eigenvalues.map(\.length).max() ?? 0)
        return eigenvalues.filter { $0.imaginary > 1e-9 * scale }.min { abs($0.real) < abs($1.real) }?.real
    }

    /// The real eigenvalue nearest 0, signed (nil: none).
    var nearestRealEigenvalue: Double? {
        let scale = max(1, eigenvalues.map(\.length).max() ?? 0)
        return eigenvalues.filter { abs($0.imaginary) <= 1e-9 * scale }.min { abs($0.real) < abs($1.real) }?.real
    }
}

/// The state of one continuation run.
struct BranchRun {
    let continuation: Continuation
    let target: Double
    var family: EquilibriumFamily { continuation.family }
    var settings: ContinuationSettings { continuation.settings }

    init(continuation: Continuation, target: Double) { (self.continuation, self.target) = (continuation, target) }

    /// f at y = (x, p) and the m × (m+1) Jacobian [f_x f_p].
    func evaluate(_ y: [Double]) throws -> (f: [Double], jacobian: Matrix) {
        let all = try family.evaluateAll(Array(y.dropLast()), y[y.count - 1])
        return (all.rate, Self.extended(all.jacobian, all.derivative))
    }

    /// [f_x f_p].
    static func extended(_ fx: Matrix, _ fp: [Double]) -> Matrix {
        let m = fx.rows
        var j = Matrix(rows: m, columns: m + 1)
        j.elements.replaceSubrange(0..<(m * m), with: fx.elements)
        j.elements.replaceSubrange((m * m)..<(m * m + m), with: fp)
        return j
    }

    /// The unit tangent of the curve at y, oriented along `previous`: [J; previousᵀ] t = e_{m+1}.
    func tangent(_ jacobian: Matrix, previous: [Double]) throws -> [Double] {
        let m = jacobian.rows
        var bordered = Matrix(rows: m + 1, columns: m + 1)
        for c in 0...m {
            for r in 0..<m { bordered[r, c] = jacobian[r, c] }
            bordered[m, c] = previous[c]
        }
        var rhs = [Double](repeating: 0, count: m + 1)
        rhs[m] = 1
        let t = try bordered.solve(rhs)
        let norm = t.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let dot = zip(t, previous).reduce(0) { $0 + $1.0 * $1.1 }
        return t.map { $0 / norm * (dot < 0 ? -1 : 1) }
    }

    /// Newton's method on f(y) = 0 plus tᵀ(y − anchor) = 0 from `anchor`; nil when it fails to converge.
    func correct(_ anchor: [Double], tangent t: [Double]) -> [Double]? {
        var y = anchor
        let m = y.count - 1
        for _ in 0..<settings.maximumIterations {
            guard let (f, j) = try? evaluate(y), f.allSatisfy(\.isFinite) else { return nil }
            var bordered = Matrix(rows: m + 1, columns: m + 1)
            for c in 0...m {
                for r in 0..<m { bordered[r, c] = j[r, c] }
                bordered[m, c] = t[c]
            }
            var rhs = f.map { -$0 }
            rhs.append(-zip(t, zip(y, anchor)).reduce(0) { $0 + $1.0 * ($1.1.0 - $1.1.1) })
            guard let delta = try? bordered.solve(rhs) else { return nil }
            for k in 0...m { y[k] += delta[k] }
            let size = delta.reduce(0) { $0 + $1 * $1 }.squareRoot(), scale = 1 + y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if size <= settings.tolerance * scale { return y.allSatisfy(\.isFinite) ? y : nil }
        }
        return nil
    }

    /// Newton's method on f(x; p) = 0 at fixed p.
    func correctAtFixedParameter(_ x0: [Double], _ p: Double) throws -> [Double] {
        var x = x0
        for _ in 0..<(2 * settings.maximumIterations) {
            let f = try family.rate(x, p)
            let delta = try family.jacobian(x, p).solve(f.map { -$0 })
            for k in x.indices { x[k] += delta[k] }
            let size = delta.reduce(0) { $0 + $1 * $1 }.squareRoot(), scale = 1 + x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if size <= settings.tolerance * scale { return x }
        }
        throw ParameterError("from", "Newton's method found no equilibrium near the given state at \(family.parameter) = \(p); start from an equilibrium (ecodyn analyze) or closer to one")
    }

    /// What a curve point needs computed: locating a monitor's zero needs only the monitors.
    struct Needs: OptionSet {
        let rawValue: Int
        static let tangent = Needs(rawValue: 1), eigenvalues = Needs(rawValue: 2), monitors = Needs(rawValue: 4)
        static let all: Needs = [.tangent, .eigenvalues, .monitors]
    }

    /// A curve point at y with its tangent, eigenvalues and monitor values (those `needs` asks for).
    func point(_ y: [Double], previousTangent: [Double], needs: Needs = .all) throws -> CurvePoint {
        let x = Array(y.dropLast()), p = y[y.count - 1]
        var t = previousTangent, values = [Complex<Double>]()
        if needs.contains(.tangent) || (needs.contains(.eigenvalues) && continuation.locatesBifurcations) {
            let all = try family.evaluateAll(x, p)
            if needs.contains(.tangent) { t = try tangent(Self.extended(all.jacobian, all.derivative), previous: previousTangent) }
            if needs.contains(.eigenvalues), continuation.locatesBifurcations { values = try all.jacobian.eigenvalues() }
        }
        let monitored = needs.contains(.monitors) ? try continuation.monitors.values(x, p) : []
        return CurvePoint(y: y, tangent: t, eigenvalues: values, monitorValues: monitored)
    }

    mutating func follow(from x0: [Double], at p0: Double) throws -> EquilibriumBranch {
        let span = abs(target - p0), size = abs(target - p0) + x0.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let maxStep = settings.maximumStep ?? size / 25, minStep = settings.minimumStep ?? span * 1e-9
        var ds = min(settings.initialStep ?? size / 100, maxStep)
        let direction: Double = target > p0 ? 1 : -1
        let m = family.dimension
        var along = [Double](repeating: 0, count: m + 1)
        along[m] = direction
        var current = try point(try correctAtFixedParameter(x0, p0) + [p0], previousTangent: along)
        var points = [current], bifurcations = [Bifurcation]()
        var end = BranchEnd.maximumPoints, message: String?
        var lastApproach: (complex: Double?, real: Double?) = (current.nearestComplexReal, current.nearestRealEigenvalue)
        var refused: ParameterError?
        var ceiling = maxStep
        var travelled = 0.0
        stepping: while points.count < settings.maximumPoints {
            let predicted = zip(current.y, current.tangent).map { $0 + ds * $1 }
            guard let corrected = correct(predicted, tangent: current.tangent), let next = try? point(corrected, previousTangent: current.tangent) else {
                do { _ = try evaluate(predicted) } catch let error as ParameterError { refused = error } catch {}
                ds /= 2
                // Near the edge of the model's domain the step never grows back past what failed.
                if refused != nil { ceiling = ds }
                if ds < minStep {
                    end = refused == nil ? .stepCollapsed : .leftDomain
                    message = refused.map { "the model refuses \(family.parameter) near \(current.p): \($0)" }
                        ?? "Newton's method failed at the smallest step near \(family.parameter) = \(current.p)"
                    break
                }
                continue
            }
            let (before, after) = (current.unstable, next.unstable)
            let change = (total: after.total - before.total, complex: after.complex - before.complex)
            // One real eigenvalue, one complex pair, or a pair meeting on the real axis per step:
            // anything more is split by halving the step.
            let simple: Bool
            switch (abs(change.total), abs(change.complex)) {
            case (0, 0), (1, 0), (0, 2): simple = true
            case (2, 2): simple = change.complex == change.total
            default: simple = false
            }
            if !simple, ds > 2 * minStep {
                ds /= 2
                continue
            }
            // Events of this step, located between current and next.
            var events = [Bifurcation]()
            var monitorHit = false
            for (k, monitor) in continuation.monitors.events.enumerated() where (current.monitorValues[k] < 0) != (next.monitorValues[k] < 0) {
                let explicit = continuation.monitors.state.flatMap { locateExplicit(k, from: current, to: next, state: $0) }
                if let located = explicit ?? locate(from: current, step: ds, needs: .monitors, { $0.monitorValues[k] }) {
                    events.append(Bifurcation(type: monitor.type, parameterValue: located.p, state: located.x, eigenvalues: located.eigenvalues,
                                              member: monitor.member, note: monitor.note(next.monitorValues[k] > current.monitorValues[k])))
                    monitorHit = true
                }
            }
            if abs(change.total) == 1, !monitorHit {
                let turned = (current.tangentP < 0) != (next.tangentP < 0)
                if let located = turned ? locate(from: current, step: ds, needs: .tangent, { $0.tangentP })
                                        : locate(from: current, step: ds, needs: .eigenvalues, { $0.nearestRealEigenvalue ?? 0 }) {
                    events.append(Bifurcation(type: turned ? .fold : .branchPoint, parameterValue: located.p, state: located.x, eigenvalues: located.eigenvalues))
                }
            }
            if abs(change.total) == 2, change.complex == change.total,
               let located = locate(from: current, step: ds, needs: .eigenvalues, { $0.nearestComplexReal ?? 0 }) {
                events.append(hopf(at: located))
            }
            // The target: finish exactly there.
            if (next.p - target) * (current.p - target) <= 0 {
                let fraction = (target - current.p) / (next.p - current.p)
                let x = zip(current.x, next.x).map { $0 + fraction * ($1 - $0) }
                if let final = try? point(try correctAtFixedParameter(x, target) + [target], previousTangent: next.tangent) {
                    bifurcations += events.filter { ($0.parameterValue - target) * direction <= 0 }
                    points.append(final)
                    end = .reachedTarget
                    break stepping
                }
            }
            bifurcations += events
            points.append(next)
            if monitorHit, continuation.stopsAtMonitorEvents {
                end = .switched
                break
            }
            current = next
            // Back at the start after going some way: the branch is a closed curve.
            travelled += ds
            if travelled > 4 * ds, zip(next.y, points[0].y).reduce(0, { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }).squareRoot() < 0.5 * ds {
                end = .closed
                break
            }
            // Step control: Newton's effort is in `correct`; here the step grows while no
            // eigenvalue approaches the imaginary axis faster than the step would allow.
            var limit = maxStep
            let approaches = [(lastApproach.complex, next.nearestComplexReal)]
                + (continuation.slowsNearRealCrossings ? [(lastApproach.real, next.nearestRealEigenvalue)] : [])
            for (previous, now) in approaches {
                if let previous, let now, abs(now) < abs(previous), abs(now - previous) > 0 {
                    limit = min(limit, max(maxStep * 1e-3, 0.5 * abs(now) / (abs(now - previous) / ds)))
                }
            }
            lastApproach = (next.nearestComplexReal, next.nearestRealEigenvalue)
            ds = min(1.5 * ds, limit, ceiling)
            ds = max(ds, minStep)
        }
        if end == .maximumPoints { message = "stopped after \(settings.maximumPoints) points at \(family.parameter) = \(current.p); raise the point budget" }
        let branchPoints = points.map { BranchPoint(parameterValue: $0.p, state: $0.x, maxReal: $0.maxReal) }
        return EquilibriumBranch(parameter: family.parameter, points: branchPoints, bifurcations: bifurcations, end: end, message: message, members: nil)
    }

    /// The zero of `test` between `start` (s = 0) and the point one step of `step` further, by
    /// regula falsi in the arclength s (computing only what `test` needs on the way); the located
    /// point comes back whole. Nil when a corrector fails.
    func locate(from start: CurvePoint, step: Double, needs: Needs, _ test: (CurvePoint) -> Double) -> CurvePoint? {
        func at(_ s: Double) -> CurvePoint? {
            let anchor = zip(start.y, start.tangent).map { $0 + s * $1 }
            guard let y = correct(anchor, tangent: start.tangent) else { return nil }
            return try? point(y, previousTangent: start.tangent, needs: needs)
        }
        guard let end = at(step) else { return nil }
        var last: CurvePoint?
        let s = RootBracketing.regulaFalsi({ s in last = at(s); return last.map(test) }, 0, test(start), step, test(end),
                                           tolerance: settings.tolerance * max(1, step) * 10)
        guard let s, let found = last?.y ?? at(s)?.y else { return nil }
        return try? point(found, previousTangent: start.tangent)
    }

    /// A monitor's zero between `start` and `end` located in the parameter on the branch's explicit
    /// states (``BranchMonitors/state``): no Newton step near the branch point that a transcritical
    /// point is.
    func locateExplicit(_ k: Int, from start: CurvePoint, to end: CurvePoint, state: @Sendable (Double) throws -> [Double]) -> CurvePoint? {
        let value: (Double) -> Double? = { p in (try? state(p)).flatMap { x in try? continuation.monitors.values(x, p)[k] } }
        guard let p = RootBracketing.regulaFalsi(value, start.p, start.monitorValues[k], end.p, end.monitorValues[k],
                                                 tolerance: settings.tolerance * max(1, abs(end.p))),
              let x = try? state(p) else { return nil }
        return try? point(x + [p], previousTangent: start.tangent)
    }

    /// A located Hopf point: the crossing pair's frequency and the first Lyapunov coefficient.
    func hopf(at located: CurvePoint) -> Bifurcation {
        let scale = max(1, located.eigenvalues.map(\.length).max() ?? 0)
        let pair = located.eigenvalues.filter { $0.imaginary > 1e-9 * scale }.min { abs($0.real) < abs($1.real) }
        let omega = pair?.imaginary ?? 0
        let l1 = try? FirstLyapunovCoefficient(family: family, state: located.x, parameter: located.p, frequency: omega).value
        let note = l1.map { $0 < 0 ? "supercritical" : ($0 > 0 ? "subcritical" : "degenerate") }
        return Bifurcation(type: .hopf, parameterValue: located.p, state: located.x, eigenvalues: located.eigenvalues,
                           frequency: omega, firstLyapunov: l1, note: note)
    }
}
