/// Sweep points of the Brusselator's homogeneous state, from the closed forms (no parsing per
/// point, a few nanoseconds each). Parameters: `model.a`, `model.b`, `model.m1`, `model.m2`.
/// Metrics: `classification`, `stable`, `max_real`, `hopf_b`, `turing_b`, `turing_unstable`,
/// `critical_wavenumber`.
public struct BrusselatorSweepModel: SweepModel {
    public static let offered = ["classification", "stable", "max_real", "hopf_b", "turing_b", "turing_unstable", "critical_wavenumber"]
    public static let parameters = ["model.a", "model.b", "model.m1", "model.m2"]

    public let metrics: [String]
    let base: Brusselator
    /// For each swept parameter, which of a, b, m1, m2 it sets.
    let slots: [Int]

    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        metrics = try checkedMetrics(sweep, offered: Self.offered, default: ["classification", "max_real"])
        var slots = [Int]()
        for name in space.names {
            guard let slot = Self.parameters.firstIndex(of: name) else {
                throw SpecError(key: "sweep.parameters", "'\(name)' cannot be swept for the Brusselator; sweep one of: \(Self.parameters.joined(separator: ", "))")
            }
            slots.append(slot)
        }
        self.slots = slots
        base = try Brusselator(spec: spec)
        let first = space.point(0).values
        _ = try spec.requireTable("model").keyed([:]) { () throws(ParameterError) in try model(first) }
    }

    func model(_ values: [Double]) throws(ParameterError) -> Brusselator {
        var p = [base.a, base.b, base.m1, base.m2]
        for (slot, value) in zip(slots, values) { p[slot] = value }
        return try Brusselator(a: p[0], b: p[1], m1: p[2], m2: p[3])
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        let m: Brusselator
        do { m = try model(values) } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: error.description)
        }
        return PointResult(status: "ok", metrics: metrics.map { name in
            switch name {
            case "classification": return .text(m.classification.rawValue)
            case "stable": return .integer(m.maxReal < 0 ? 1 : 0)
            case "max_real": return .real(m.maxReal)
            case "hopf_b": return .real(m.hopfB)
            case "turing_b": return m.turingB.isFinite ? .real(m.turingB) : .null
            case "turing_unstable": return .integer(m.turingUnstable ? 1 : 0)
            default: return m.criticalWavenumber.isFinite ? .real(m.criticalWavenumber) : .null
            }
        })
    }
}
