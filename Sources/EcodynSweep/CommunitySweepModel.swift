import EcodynCore
import EcodynSpec

/// Sweep points of a community. The spec is read once into a design and its run settings; each
/// swept path resolves, once, to the value it sets (``CommunitySweepPoint``), so a point parses
/// nothing and reads no file: it sets its values, draws δ when the community is random, and
/// runs.
///
/// Analysis metrics (at the interior equilibrium, no integration): `feasible`, `max_real`,
/// `resilience`, `reactivity`, `classification`. Integration metrics (the run of the spec's
/// `[integrate]`, whose ending the point's `status` column records): `survivors` (members above
/// 1e-6 at the end), `final_total`, `final_mean`, `steps`, `rhs_evaluations`, and the
/// eigenvalues of the Jacobian at the end state: `end_max_real`, `end_classification`.
///
/// Random streams: the spec's `model.random.seed` and `noise.seed` are replaced, per point, by
/// seeds drawn from (sweep seed, spec seed, replicate). Replicate r of every parameter
/// combination therefore shares its draws (common random numbers), and replicates differ.
public struct CommunitySweepModel: SweepModel {
    public static let analysisMetrics = ["feasible", "max_real", "resilience", "reactivity", "classification"]
    public static let integrationMetrics = ["survivors", "final_total", "final_mean", "steps", "rhs_evaluations",
                                            "end_max_real", "end_classification"]

    public let metrics: [String]
    let base: CommunitySweepPoint
    let setters: [CommunitySweepPoint.Setter]
    let sweepSeed: UInt64
    /// Whether the spec's own seed of `[model.random]` or `[noise]` is replaced per replicate (it is not swept).
    let derivesRecipeSeed: Bool, derivesNoiseSeed: Bool
    let integrates: Bool
    let endMetrics: Bool

    /// Reads the metrics and the spec, resolves every swept path, and checks point 0.
    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        metrics = try checkedMetrics(sweep, offered: Self.analysisMetrics + Self.integrationMetrics,
                                     default: ["classification", "max_real", "feasible"])
        integrates = metrics.contains { Self.integrationMetrics.contains($0) }
        endMetrics = metrics.contains("end_max_real") || metrics.contains("end_classification")
        sweepSeed = UInt64(try sweep.int("seed", minimum: 0) ?? 0)
        try spec.allowOnly(Community.specTables)
        base = CommunitySweepPoint(design: try CommunityDesign(spec: spec),
                                   run: integrates || spec.contains("integrate") ? try CommunityProblem(spec: spec) : nil)
        var setters = [CommunitySweepPoint.Setter]()
        for name in space.names { setters.append(try base.setter(for: name, integrates: integrates)) }
        self.setters = setters
        derivesRecipeSeed = !space.names.contains("model.random.seed")
        derivesNoiseSeed = !space.names.contains("noise.seed")
        let first = space.point(0)
        do { _ = try point(first.values, replicate: first.replicate).make() } catch {
            throw SpecError(key: error.key, "at the sweep's first point: \(error.message)")
        }
    }

    /// The point with these values (in the space's order) and replicate, not yet checked.
    func point(_ values: [Double], replicate: Int) throws(CommunitySweepPoint.Failure) -> CommunitySweepPoint {
        var point = base
        for (set, value) in zip(setters, values) { try set(&point, value) }
        let derive = { (seed: UInt64) in CounterRandom(stream: sweepSeed).substream(seed, UInt64(replicate)).bits(0) >> 1 }
        if derivesRecipeSeed, case .random(var recipe) = point.design.interactions {
            recipe.seed = derive(recipe.seed)
            point.design.interactions = .random(recipe)
        }
        if derivesNoiseSeed, case .eulerMaruyama(let dt, var noise)? = point.run?.method {
            noise.seed = derive(noise.seed)
            point.run?.method = .eulerMaruyama(dt: dt, noise: noise)
        }
        return point
    }

    /// The community of a point and its run (nil when the spec has no `[integrate]`): what
    /// `ecodyn run --point` and `analyze --point` work on.
    public func problem(_ values: [Double], replicate: Int) throws(SpecError) -> (community: Community, run: CommunityProblem?) {
        do { return try point(values, replicate: replicate).make() } catch { throw SpecError(key: error.key, error.message) }
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        do {
            let (community, problem) = try point(values, replicate: replicate).make()
            var row = [String: MetricValue]()
            var status = "ok", message: String?
            if integrates, let problem {
                let solution = problem.solve(endpointsOnly: true)
                let x = solution.finalState
                row["survivors"] = .integer(Community.survivors(of: x).count)
                row["final_total"] = .real(x.reduce(0, +))
                row["final_mean"] = .real(x.reduce(0, +) / Double(max(x.count, 1)))
                row["steps"] = .integer(solution.statistics.steps)
                row["rhs_evaluations"] = .integer(solution.statistics.rhsEvaluations)
                if endMetrics {
                    let eigenvalues = try community.jacobian(at: x).eigenvalues()
                    row["end_max_real"] = .real(eigenvalues.map(\.real).max() ?? -.infinity)
                    row["end_classification"] = .text(EquilibriumClass(eigenvalues: eigenvalues).rawValue)
                }
                if solution.status != .finished { status = solution.status.rawValue; message = solution.message }
            }
            if metrics.contains(where: Self.analysisMetrics.contains) {
                let analysis = try CommunityAnalysis(community)
                row["feasible"] = .integer(analysis.equilibrium.feasible ? 1 : 0)
                row["max_real"] = .real(analysis.stability.maxReal)
                row["resilience"] = .real(analysis.stability.resilience)
                row["reactivity"] = .real(analysis.stability.reactivity)
                row["classification"] = .text(analysis.stability.classification.rawValue)
            }
            return PointResult(status: status, metrics: metrics.map { row[$0] ?? .null }, message: message)
        } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "\(error)")
        }
    }
}
