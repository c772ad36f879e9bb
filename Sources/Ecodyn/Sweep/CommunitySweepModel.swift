/// Sweep points of a community: each point is the spec with the swept keys replaced, so any
/// number in the spec can be swept (`model.random.sigma`, `model.K`, `noise.sigma`, …).
///
/// Analysis metrics (at the interior equilibrium, no integration): `feasible`, `max_real`,
/// `resilience`, `reactivity`, `classification`. Integration metrics (the run of the spec's
/// `[integrate]`, whose ending the point's `status` column records): `survivors` (members above
/// 1e-6 at the end), `final_total`,
/// `final_mean`, `steps`, `rhs_evaluations`, and the stability of the end state: `end_max_real`,
/// `end_classification`.
///
/// Random streams: the spec's `model.random.seed` and `noise.seed` are replaced, per point, by
/// seeds drawn from (sweep seed, spec seed, replicate). Replicate r of every parameter
/// combination therefore shares its draws (common random numbers), and replicates differ.
public struct CommunitySweepModel: SweepModel {
    public static let analysisMetrics = ["feasible", "max_real", "resilience", "reactivity", "classification"]
    public static let integrationMetrics = ["survivors", "final_total", "final_mean", "steps", "rhs_evaluations",
                                            "end_max_real", "end_classification"]

    public let metrics: [String]
    let base: SpecTable
    let parameters: [String]
    let sweepSeed: UInt64
    let integrates: Bool
    /// The spec's own seeds of `[model.random]` and `[noise]` that each point replaces by a
    /// derived one (those not swept), read and checked once.
    let specSeeds: [(path: String, seed: UInt64)]

    /// Reads the metrics and checks, by building point 0, that every swept key is one the model takes.
    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        metrics = try checkedMetrics(sweep, offered: Self.analysisMetrics + Self.integrationMetrics,
                                     default: ["classification", "max_real", "feasible"])
        integrates = metrics.contains { Self.integrationMetrics.contains($0) }
        base = spec
        parameters = space.names
        sweepSeed = UInt64(try sweep.int("seed", minimum: 0) ?? 0)
        for name in space.names where !(name.hasPrefix("model.") || name.hasPrefix("initial.") || name.hasPrefix("integrate.") || name.hasPrefix("noise.")) {
            throw SpecError(key: "sweep.parameters", "'\(name)' is not a key of [model], [initial], [integrate] or [noise]")
        }
        var specSeeds = [(path: String, seed: UInt64)]()
        for section in ["model.random", "noise"] where !parameters.contains("\(section).seed") {
            guard let table = try spec.table(atPath: section) else { continue }
            specSeeds.append(("\(section).seed", UInt64(try table.int("seed", minimum: 0) ?? 0)))
        }
        self.specSeeds = specSeeds
        let first = space.point(0)
        let point = pointSpec(first.values, replicate: first.replicate)
        if integrates {
            _ = try CommunityProblem(spec: point)
        } else {
            try point.allowOnly(Community.specTables)
            _ = try Community(spec: point)
        }
    }

    func pointSpec(_ values: [Double], replicate: Int) -> SpecTable {
        var spec = base
        for (name, value) in zip(parameters, values) { spec = spec.overriding(name, with: value) }
        for (path, original) in specSeeds {
            let derived = CounterRandom(stream: sweepSeed).substream(original, UInt64(replicate)).bits(0) >> 1
            spec = spec.overriding(path, with: Int(derived))
        }
        return spec
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        do {
            let spec = pointSpec(values, replicate: replicate)
            var row = [String: MetricValue]()
            var status = "ok", message: String?
            if integrates {
                let problem = try CommunityProblem(spec: spec)
                let solution = problem.solve()
                let x = solution.finalState
                row["survivors"] = .integer(Community.survivors(of: x).count)
                row["final_total"] = .real(x.reduce(0, +))
                row["final_mean"] = .real(x.reduce(0, +) / Double(max(x.count, 1)))
                row["steps"] = .integer(solution.statistics.steps)
                row["rhs_evaluations"] = .integer(solution.statistics.rhsEvaluations)
                if metrics.contains("end_max_real") || metrics.contains("end_classification") {
                    let end = try problem.community.stability(at: x)
                    row["end_max_real"] = .real(end.maxReal)
                    row["end_classification"] = .text(end.classification.rawValue)
                }
                if solution.status != .finished { status = solution.status.rawValue; message = solution.message }
                if metrics.contains(where: Self.analysisMetrics.contains) { try analyse(problem.community, into: &row) }
            } else {
                try analyse(Community(spec: spec), into: &row)
            }
            return PointResult(status: status, metrics: metrics.map { row[$0] ?? .null }, message: message)
        } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "\(error)")
        }
    }

    private func analyse(_ community: Community, into row: inout [String: MetricValue]) throws {
        let analysis = try CommunityAnalysis(community)
        row["feasible"] = .integer(analysis.equilibrium.feasible ? 1 : 0)
        row["max_real"] = .real(analysis.stability.maxReal)
        row["resilience"] = .real(analysis.stability.resilience)
        row["reactivity"] = .real(analysis.stability.reactivity)
        row["classification"] = .text(analysis.stability.classification.rawValue)
    }
}
