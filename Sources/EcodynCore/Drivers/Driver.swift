import Foundation

/// A parameter's value as a function of time: how an external factor (the regional economy, a
/// policy, the technological environment) acts on a model. ``path(until:)`` prepares it for a
/// run: a function of time and the break points an adaptive stepper must stop at.
///
/// ```swift
/// let policy = Driver.piecewise(times: [0, 50], values: [2, 4])           // B from 2 to 4 at t = 50
/// let economy = Driver.periodic(mean: 1, amplitude: 0.2, period: 10, phase: 0)
/// try policy.path(until: 100).value(at: 60)                              // 4
/// ```
public enum Driver: Sendable, Equatable {
    /// values[k] from times[k] on (times ascending; before times[0], values[0]).
    case piecewise(times: [Double], values: [Double])
    /// `from` until `start`, then linearly to `to` at `end`, and `to` after.
    case ramp(from: Double, to: Double, start: Double, end: Double)
    /// mean + amplitude·sin(2π t/period + phase).
    case periodic(mean: Double, amplitude: Double, period: Double, phase: Double)
    /// Linear interpolation through (times[k], values[k]) (times ascending), constant beyond the ends.
    case table(times: [Double], values: [Double])
    /// An Ornstein–Uhlenbeck environment dX = θ(μ − X)dt + σ dW from X(0) = μ, sampled exactly on a
    /// grid of `step` (X_{k+1} = μ + (X_k − μ)e^{−θh} + σ√((1 − e^{−2θh})/(2θ))·ξ_k, ξ_k the normal
    /// number k of the counter-based stream `seed`) and linear between the grid points.
    case ornsteinUhlenbeck(mean: Double, reversion: Double, intensity: Double, seed: UInt64, step: Double)

    /// The Ornstein–Uhlenbeck grid step when none is given: a hundredth of the relaxation time 1/θ, at most 0.01.
    public static func defaultStep(reversion: Double) -> Double { min(0.01, 0.01 / reversion) }

    /// The form's name in specs: piecewise, ramp, periodic, table or ou.
    public var form: String {
        switch self {
        case .piecewise: return "piecewise"
        case .ramp: return "ramp"
        case .periodic: return "periodic"
        case .table: return "table"
        case .ornsteinUhlenbeck: return "ou"
        }
    }

    /// The fields ``with(_:_:)`` can set, by form.
    public var fields: [String] {
        switch self {
        case .ramp: return ["from", "to", "start", "end"]
        case .periodic: return ["mean", "amplitude", "period", "phase"]
        case .ornsteinUhlenbeck: return ["mean", "reversion", "intensity", "seed", "step"]
        case .piecewise(let times, _): return times.indices.map { "times[\($0)]" } + times.indices.map { "values[\($0)]" }
        case .table: return []
        }
    }

    /// The same form with its number `field` set to `value` (what a sweep over a driver changes);
    /// nil when the form has no such field (a piecewise schedule's are `times[k]` and
    /// `values[k]`; a tabulated series has none).
    public func with(_ field: String, _ value: Double) -> Driver? {
        if case .piecewise(var times, var values) = self {
            guard fields.contains(field), let k = Int(field.drop { $0 != "[" }.dropFirst().dropLast()) else { return nil }
            if field.hasPrefix("times") { times[k] = value } else { values[k] = value }
            return .piecewise(times: times, values: values)
        }
        switch (self, field) {
        case (.ramp(_, let to, let start, let end), "from"): return .ramp(from: value, to: to, start: start, end: end)
        case (.ramp(let from, _, let start, let end), "to"): return .ramp(from: from, to: value, start: start, end: end)
        case (.ramp(let from, let to, _, let end), "start"): return .ramp(from: from, to: to, start: value, end: end)
        case (.ramp(let from, let to, let start, _), "end"): return .ramp(from: from, to: to, start: start, end: value)
        case (.periodic(_, let a, let p, let f), "mean"): return .periodic(mean: value, amplitude: a, period: p, phase: f)
        case (.periodic(let m, _, let p, let f), "amplitude"): return .periodic(mean: m, amplitude: value, period: p, phase: f)
        case (.periodic(let m, let a, _, let f), "period"): return .periodic(mean: m, amplitude: a, period: value, phase: f)
        case (.periodic(let m, let a, let p, _), "phase"): return .periodic(mean: m, amplitude: a, period: p, phase: value)
        case (.ornsteinUhlenbeck(_, let r, let i, let s, let h), "mean"): return .ornsteinUhlenbeck(mean: value, reversion: r, intensity: i, seed: s, step: h)
        case (.ornsteinUhlenbeck(let m, _, let i, let s, let h), "reversion"): return .ornsteinUhlenbeck(mean: m, reversion: value, intensity: i, seed: s, step: h)
        case (.ornsteinUhlenbeck(let m, let r, _, let s, let h), "intensity"): return .ornsteinUhlenbeck(mean: m, reversion: r, intensity: value, seed: s, step: h)
        case (.ornsteinUhlenbeck(let m, let r, let i, _, let h), "seed"):
            guard value >= 0, value < 0x1p63, value == value.rounded() else { return nil }
            return .ornsteinUhlenbeck(mean: m, reversion: r, intensity: i, seed: UInt64(value), step: h)
        case (.ornsteinUhlenbeck(let m, let r, let i, let s, _), "step"): return .ornsteinUhlenbeck(mean: m, reversion: r, intensity: i, seed: s, step: value)
        default: return nil
        }
    }

    /// Checks the driver's numbers; errors name the field of the form.
    public func check() throws(ParameterError) {
        func ascending(_ times: [Double], _ values: [Double]) throws(ParameterError) {
            guard !times.isEmpty, times.count == values.count else {
                throw ParameterError("times", "need one value per time and at least one of each, got \(times.count) times and \(values.count) values")
            }
            for (k, t) in times.enumerated() {
                guard t.isFinite, values[k].isFinite else { throw ParameterError("times", "times and values must be finite, got (\(t), \(values[k])) at [\(k)]") }
                guard k == 0 || t > times[k - 1] else { throw ParameterError("times", "times must increase, got \(times[k - 1]) then \(t)") }
            }
        }
        switch self {
        case .piecewise(let times, let values), .table(let times, let values): try ascending(times, values)
        case .ramp(let from, let to, let start, let end):
            guard [from, to, start, end].allSatisfy(\.isFinite) else { throw ParameterError("ramp", "from, to, start and end must be finite") }
            guard end > start else { throw ParameterError("end", "the ramp must end after it starts, got start = \(start), end = \(end)") }
        case .periodic(let mean, let amplitude, let period, let phase):
            guard [mean, amplitude, phase].allSatisfy(\.isFinite) else { throw ParameterError("periodic", "mean, amplitude and phase must be finite") }
            guard period > 0, period.isFinite else { throw ParameterError("period", "must be > 0, got \(period)") }
        case .ornsteinUhlenbeck(let mean, let reversion, let intensity, _, let step):
            guard mean.isFinite else { throw ParameterError("mean", "must be finite, got \(mean)") }
            guard reversion > 0, reversion.isFinite else { throw ParameterError("reversion", "must be > 0, got \(reversion)") }
            guard intensity >= 0, intensity.isFinite else { throw ParameterError("intensity", "must be ≥ 0, got \(intensity)") }
            guard step > 0, step.isFinite else { throw ParameterError("step", "must be > 0, got \(step)") }
        }
    }

    /// The driver of ensemble member `b`: an Ornstein–Uhlenbeck environment draws from the
    /// seed's substream b, each member its own path; the other forms are the same for every member.
    public func replicate(member b: Int) -> Driver {
        guard case .ornsteinUhlenbeck(let mean, let reversion, let intensity, let seed, let step) = self else { return self }
        return .ornsteinUhlenbeck(mean: mean, reversion: reversion, intensity: intensity,
                                  seed: CounterRandom(stream: seed).substream(UInt64(b)).stream, step: step)
    }

    /// The driver prepared for a run over [0, tEnd] (an Ornstein–Uhlenbeck path is drawn here).
    public func path(until tEnd: Double) throws(ParameterError) -> DriverPath {
        try check()
        if case .ornsteinUhlenbeck(_, _, _, _, let step) = self, tEnd / step > 1e7 {
            throw ParameterError("step", "t_end/step = \(tEnd / step) grid points is more than a path holds (10⁷, 80 MB); raise step")
        }
        return DriverPath(self, until: tEnd)
    }
}

/// A driver ready for a run: its value at any time in [0, tEnd], the times where it jumps or
/// bends (steppers stop there), and the range it takes.
public struct DriverPath: Sendable {
    public let driver: Driver
    /// Jumps (piecewise) and kinks (ramp ends) inside (0, tEnd), ascending.
    public let breakPoints: [Double]
    /// The smallest and largest value over [0, tEnd].
    public let range: ClosedRange<Double>
    /// The Ornstein–Uhlenbeck grid values (empty for the other forms).
    private let samples: [Double]

    init(_ driver: Driver, until tEnd: Double) {
        self.driver = driver
        var samples = [Double](), breaks = [Double]()
        switch driver {
        case .piecewise(let times, _): breaks = times
        case .ramp(_, _, let start, let end): breaks = [start, end]
        case .ornsteinUhlenbeck(let mean, let theta, let sigma, let seed, let h):
            let count = Int((tEnd / h).rounded(.up)) + 1
            let decay = Foundation.exp(-theta * h), spread = sigma * ((1 - decay * decay) / (2 * theta)).squareRoot()
            let random = CounterRandom(stream: seed)
            samples = [Double](repeating: mean, count: count)
            for k in 1..<max(count, 1) { samples[k] = mean + (samples[k - 1] - mean) * decay + spread * random.normal(UInt64(k - 1)) }
        case .periodic, .table: break
        }
        breakPoints = breaks.filter { $0 > 0 && $0 < tEnd }
        self.samples = samples
        switch driver {
        case .piecewise(let times, let values):
            // The values in force somewhere on [0, tEnd]: the one at 0 through the last that starts before tEnd.
            let first = times.lastIndex { $0 <= 0 } ?? 0, last = max(first, times.lastIndex { $0 < tEnd } ?? 0)
            range = values[first...last].min()!...values[first...last].max()!
        case .ramp(let from, let to, _, _): range = min(from, to)...max(from, to)
        case .periodic(let mean, let amplitude, _, _): range = (mean - abs(amplitude))...(mean + abs(amplitude))
        case .table(_, let values): range = values.min()!...values.max()!
        case .ornsteinUhlenbeck: range = samples.min()!...samples.max()!
        }
    }

    /// The value at time t.
    public func value(at t: Double) -> Double {
        switch driver {
        case .piecewise(let times, let values):
            var k = 0
            while k + 1 < times.count, times[k + 1] <= t { k += 1 }
            return values[k]
        case .ramp(let from, let to, let start, let end):
            if t <= start { return from }
            if t >= end { return to }
            return from + (to - from) * (t - start) / (end - start)
        case .periodic(let mean, let amplitude, let period, let phase):
            return mean + amplitude * Foundation.sin(2 * Double.pi * t / period + phase)
        case .table(let times, let values):
            if t <= times[0] { return values[0] }
            if t >= times[times.count - 1] { return values[values.count - 1] }
            var lo = 0, hi = times.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if times[mid] <= t { lo = mid } else { hi = mid } }
            return values[lo] + (values[hi] - values[lo]) * (t - times[lo]) / (times[hi] - times[lo])
        case .ornsteinUhlenbeck(_, _, _, _, let h):
            let position = max(0, t / h), k = min(Int(position), samples.count - 2)
            guard k >= 0, samples.count > 1 else { return samples.first ?? 0 }
            let w = position - Double(k)
            return samples[k] + (samples[k + 1] - samples[k]) * w
        }
    }
}
