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
/// 1e-6 at the end), `final_total`, `final_mean`, `steps`, `rhs_evaluations`, the eigenvalues
/// of the Jacobian at the end state: `end_max_real`, `end_classification`, and with a `[watch]`
/// (adaptive methods) `extinctions` (how many members died out), `first_extinction` and `first_passage`
/// (the time of the first extinction and of the first level crossing; null when none); the
/// growth phases of the total's curve: `inflection_time` (its first inflection, null when none)
/// and `phase_at_end` (inception, growth, maturity or decline; ``GrowthPhases``).
///
/// Random streams: the spec's `model.random.seed` and `noise.seed` are replaced, per point, by
/// seeds drawn from (sweep seed, spec seed, replicate). Replicate r of every parameter
/// combination therefore shares its draws (common random numbers), and replicates differ.
public struct CommunitySweepModel: SweepModel {
    public static let analysisMetrics = ["feasible", "max_real", "resilience", "reactivity", "classification"]
    public static let integrationMetrics = ["survivors", "final_total", "final_mean", "steps", "rhs_evaluations", "inflection_time", "phase_at_end",
                                            "end_max_real", "end_classification", "extinctions", "first_extinction", "first_passage"]

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
        try spec.allowOnly(Community.specTables + ["drivers", "events"])
        for table in ["drivers", "events"] where spec.contains(table) && !integrates {
            throw SpecError(key: table, "\(table) act on runs, and this sweep asks for analysis metrics only; add an integration metric such as survivors")
        }
        base = CommunitySweepPoint(design: try CommunityDesign(spec: spec),
                                   run: integrates || spec.contains("integrate") ? try CommunityProblem(spec: spec) : nil)
        if base.design.precision == .single, endMetrics || metrics.contains(where: Self.analysisMetrics.contains) {
            try Community.checkDenseAnalysis(base.design.n, try spec.requireTable("model"))
        }
        let watch = base.run?.watch
        for metric in metrics where ["extinctions", "first_extinction"].contains(metric) && watch?.extinction == nil {
            throw SpecError(key: "sweep.metrics", "\(metric) needs [watch] extinction = a threshold (and an adaptive method: auto, dopri5 or bdf)")
        }
        if metrics.contains("first_passage"), watch?.levels.isEmpty ?? true {
            throw SpecError(key: "sweep.metrics", "first_passage needs [[watch.level]] entries (and an adaptive method: auto, dopri5 or bdf)")
        }
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
        if derivesNoiseSeed, let method = point.run?.method, var noise = method.noise {
            noise.seed = derive(noise.seed)
            point.run?.method = method.with(noise: noise)
        }
        return point
    }

    /// The community of a point and its run (nil when the spec has no `[integrate]`): what
    /// `ecodyn run --point` and `analyze --point` work on.
    public func problem(_ values: [Double], replicate: Int) throws(SpecError) -> (community: Community, run: CommunityProblem?) {
        do { return try point(values, replicate: replicate).make() } catch { throw SpecError(key: error.key, error.message) }
    }

    /// Whether points run through the batched RK4 kernel: fixed-step RK4 on communities small
    /// enough for its fused path (there a member's arithmetic is its own whatever shares its
    /// batch, so a point's result does not depend on how points are grouped).
    public var batchesPoints: Bool { batches }

    var batches: Bool {
        guard integrates, case .rk4? = base.run?.method else { return false }
        return base.design.n <= CommunityEnsemble.fusedLimit
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        evaluate(batch: [SweepPoint(values: values, replicate: replicate)])[0]
    }

    /// Points one by one, or — with fixed-step RK4 — those that share δ, the time span and the
    /// step through the batched kernel together.
    public func evaluate(batch points: [SweepPoint]) -> [PointResult] {
        var results = [PointResult?](repeating: nil, count: points.count)
        var made = [(index: Int, community: Community, run: CommunityProblem)]()
        for (k, p) in points.enumerated() {
            do {
                let (community, run) = try point(p.values, replicate: p.replicate).make()
                if batches, let run { made.append((k, community, run)) } else { results[k] = row(community, run.map(outcome)) }
            } catch {
                results[k] = failed("\(error)")
            }
        }
        var start = 0
        while start < made.count {
            let first = made[start]
            var end = start + 1
            while end < made.count, Self.shareAnEnsemble(made[end].community, made[end].run, first.community, first.run) { end += 1 }
            let group = Array(made[start..<end])
            for (member, outcome) in batchedOutcomes(group.map(\.community), group.map(\.run)).enumerated() {
                results[group[member].index] = row(group[member].community, outcome)
            }
            start = end
        }
        return results.map { $0! }
    }

    /// Whether two runs can be members of one batched RK4 ensemble: the same dense δ, t_end and
    /// dt (the batched kernel holds δ dense; sparse communities run one by one).
    private static func shareAnEnsemble(_ a: Community, _ runA: CommunityProblem, _ b: Community, _ runB: CommunityProblem) -> Bool {
        guard case .rk4(let dtA) = runA.method, case .rk4(let dtB) = runB.method, !a.interactions.isSparse else { return false }
        return dtA == dtB && runA.tEnd == runB.tEnd && a.interactions == b.interactions
    }

    /// How a run ended: what the integration metrics are read from.
    struct Outcome {
        var finalState: [Double], status: IntegrationStatus, message: String?, steps: Int, rhsEvaluations: Int
        var events: [IntegrationEvent] = []
        /// The total's growth phases (when a phase metric is asked).
        var phases: GrowthPhases?
    }

    /// Whether a metric needs the run's saved curve (the growth phases).
    private var needsCurve: Bool { metrics.contains("inflection_time") || metrics.contains("phase_at_end") }

    private func outcome(_ run: CommunityProblem) -> Outcome {
        let s = run.solve(endpointsOnly: !needsCurve)
        return Outcome(finalState: s.finalState, status: s.status, message: s.message, steps: s.statistics.steps, rhsEvaluations: s.statistics.rhsEvaluations,
                       events: s.events, phases: needsCurve ? run.growthPhases(of: s).total : nil)
    }

    /// Runs that share δ, t_end and dt, as members of one ensemble on this thread.
    private func batchedOutcomes(_ communities: [Community], _ runs: [CommunityProblem]) -> [Outcome] {
        guard case .rk4(let dt) = runs[0].method, !needsCurve else { return runs.map(outcome) }
        let n = communities[0].n, b = communities.count
        func matrix(_ column: (Int) -> [Double]) -> Matrix { try! Matrix(rows: n, columns: b, columnMajor: (0..<b).flatMap(column)) }
        guard let ensemble = try? CommunityEnsemble(delta: communities[0].delta, r: matrix { communities[$0].r },
                                                    mu: matrix { communities[$0].mu }, K: matrix { communities[$0].K }) else { return runs.map(outcome) }
        let total = FixedStepGrid.stepCount(span: runs[0].tEnd, dt: dt) ?? 0
        let result = ensemble.integrateRK4(from: matrix { runs[$0].initialState }, dt: dt, over: 0...runs[0].tEnd, threads: 1)
        return (0..<b).map { m in
            let diverged = result.status[m] != .finished
            return Outcome(finalState: Array(result.finalState.elements[(m * n)..<((m + 1) * n)]), status: result.status[m],
                           message: diverged ? StateLimits.population.divergence(at: Double(result.steps[m] + 1) * dt) : nil,
                           steps: result.steps[m], rhsEvaluations: 4 * min(result.steps[m] + 1, total))
        }
    }

    private func failed(_ message: String) -> PointResult {
        PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: message)
    }

    /// The metrics of a point: of its run's outcome (when it integrates) and of its community.
    private func row(_ community: Community, _ outcome: Outcome?) -> PointResult {
        do {
            var row = [String: MetricValue]()
            var status = "ok", message: String?
            if integrates, let outcome {
                let x = outcome.finalState
                row["survivors"] = .integer(Community.survivors(of: x).count)
                row["final_total"] = .real(x.reduce(0, +))
                row["final_mean"] = .real(x.reduce(0, +) / Double(max(x.count, 1)))
                row["steps"] = .integer(outcome.steps)
                row["rhs_evaluations"] = .integer(outcome.rhsEvaluations)
                let extinctions = outcome.events.filter { $0.kind == .extinction }
                row["extinctions"] = .integer(extinctions.count)
                row["first_extinction"] = extinctions.first.map { .real($0.time) } ?? .null
                row["first_passage"] = outcome.events.first { $0.kind == .level }.map { .real($0.time) } ?? .null
                row["inflection_time"] = outcome.phases?.inflectionTimes.first.map { .real($0) } ?? .null
                row["phase_at_end"] = outcome.phases.map { .text($0.phaseAtEnd) } ?? .null
                if endMetrics {
                    if community.interactions.isSparse {   // ARPACK's rightmost eigenvalues
                        let end = try community.stability(at: x)
                        row["end_max_real"] = .real(end.maxReal)
                        row["end_classification"] = .text(end.classification.rawValue)
                    } else {
                        let eigenvalues = try community.jacobian(at: x).eigenvalues()
                        row["end_max_real"] = .real(eigenvalues.map(\.real).max() ?? -.infinity)
                        row["end_classification"] = .text(EquilibriumClass(eigenvalues: eigenvalues).rawValue)
                    }
                }
                if outcome.status != .finished { status = outcome.status.rawValue; message = outcome.message }
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
            return failed("\(error)")
        }
    }
}
