/// Sweep points of a reaction–diffusion grid: each point is the spec with the swept keys
/// replaced (`model.b`, `model.diffusion`… any number of `[model]`, `[grid]`, `[initial]`,
/// `[integrate]`), run on one thread (the points are the parallel unit), and reduced to its
/// pattern: `pattern` (homogeneous, stationary-pattern, oscillating), `dominant_k`, `variance`
/// (of u), `mean` (of u), and `steps`. A run that blows up is a `diverged` point.
public struct GridSweepModel: SweepModel {
    public static let offered = ["pattern", "dominant_k", "variance", "mean", "steps"]

    public let metrics: [String]
    let base: SpecTable
    let parameters: [String]

    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        metrics = try checkedMetrics(sweep, offered: Self.offered, default: ["pattern", "dominant_k"])
        base = spec
        parameters = space.names
        let first = space.point(0)
        _ = try GridProblem(spec: pointSpec(first.values))
    }

    func pointSpec(_ values: [Double]) -> SpecTable {
        zip(parameters, values).reduce(base) { $0.overriding($1.0, with: $1.1) }
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        do {
            var problem = try GridProblem(spec: pointSpec(values))
            problem.saveEvery = nil
            let (solution, metrics) = try problem.solveWithPattern(threads: 1)
            let row: [String: MetricValue] = [
                "pattern": metrics.map { .text($0.regime.rawValue) } ?? .null,
                "dominant_k": metrics.map { .real($0.dominantWavenumber) } ?? .null,
                "variance": metrics.map { .real($0.varianceU) } ?? .null,
                "mean": metrics.map { .real($0.meanU) } ?? .null,
                "steps": .integer(solution.steps),
            ]
            let message = solution.divergedAtStep.map { "the fields became non-finite at step \($0)" }
            return PointResult(status: solution.status == .finished ? "ok" : solution.status.rawValue,
                               metrics: self.metrics.map { row[$0]! },
                               message: message)
        } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "\(error)")
        }
    }
}
