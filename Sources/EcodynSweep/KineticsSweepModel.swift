import EcodynCore
import EcodynSpec

/// Sweep points of a kinetics' homogeneous state, well mixed (a spec without `[grid]`): each
/// swept path resolves once to a parameter (`model.b`, `model.F`, the diffusion coefficients
/// as `model.diffusion[0]`, `[1]` or by name); a point sets the values and evaluates the closed
/// forms — no parsing, a few nanoseconds to a microsecond each. Metrics: `classification`,
/// `stable`, `max_real`, `turing_unstable` (on the continuum of wavenumbers), and the model's
/// closed forms (the Brusselator's `hopf_b`, `turing_b`, `critical_wavenumber`).
public struct KineticsSweepModel: SweepModel {
    public let metrics: [String]
    let base: any Kinetics
    /// For each swept parameter, its index in the kinetics' parameters.
    let slots: [Int]

    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        base = try GridProblem.kinetics(spec)
        let offered = ["classification", "stable", "max_real", "turing_unstable"] + base.closedForms.map(\.name)
        metrics = try checkedMetrics(sweep, offered: offered, default: ["classification", "max_real"])
        var slots = [Int]()
        for name in space.names { slots.append(try base.sweptParameter(name, others: [])) }
        self.slots = slots
        let first = space.point(0).values
        _ = try spec.requireTable("model").keyed(["parameters": ""]) { () throws(ParameterError) in try kinetics(first) }
    }

    /// The kinetics at a point.
    public func kinetics(_ values: [Double]) throws(ParameterError) -> any Kinetics {
        var p = base.parameters
        for (slot, value) in zip(slots, values) { p[slot] = value }
        return try base.with(parameters: p)
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        let m: any Kinetics
        do { m = try kinetics(values) } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: error.description)
        }
        let closed = metrics.contains(where: { !["classification", "stable", "max_real", "turing_unstable"].contains($0) }) ? m.closedForms : []
        return PointResult(status: "ok", metrics: metrics.map { name in
            switch name {
            case "classification": return .text(m.classification.rawValue)
            case "stable": return .integer(m.maxReal < 0 ? 1 : 0)
            case "max_real": return .real(m.maxReal)
            case "turing_unstable": return .integer(m.turingUnstable ? 1 : 0)
            default:
                let value = closed.first { $0.name == name }!.value
                return value.isFinite ? .real(value) : .null
            }
        })
    }
}

extension Kinetics {
    /// The index of the parameter a swept path names: `model.<name>` of ``Kinetics/parameterOrder``,
    /// or `model.diffusion[0]`, `[1]` for the last two; else an error listing those and `others`.
    func sweptParameter(_ path: String, others: [String]) throws(SpecError) -> Int {
        let names = parameterNames
        let diffusion = ["model.diffusion[0]": names.count - 2, "model.diffusion[1]": names.count - 1]
        if let k = diffusion[path] { return k }
        if path.hasPrefix("model."), let k = parameterIndex(String(path.dropFirst(6))) { return k }
        let choices = names.dropLast(2).map { "model.\($0)" } + ["model.diffusion[0]", "model.diffusion[1]"] + others
        throw SpecError(key: "sweep.parameters.\(path)", "'\(path)' cannot be swept for \(name); sweep one of: \(choices.joined(separator: ", "))")
    }
}
