/// A sweep read from a spec: its parameter space and the model that evaluates its points.
public struct SweepPlan: Sendable {
    public var space: ParameterSpace
    public var model: any SweepModel

    /// Reads `[sweep]` and the model of the spec; every mistake (an unknown parameter or metric,
    /// a bad value) is found here, before any point runs.
    public init(spec: SpecTable) throws(SpecError) {
        let kind = try ModelKind.of(spec)
        let sweep = try spec.requireTable("sweep")
        try sweep.allowOnly(["parameters", "metrics", "replicates", "seed"])
        space = try ParameterSpace(sweep: sweep)
        switch kind {
        case .community:
            try spec.allowOnly(Community.specTables + ["sweep"])
            model = try CommunitySweepModel(spec: spec.removing("sweep"), sweep: sweep, space: space)
        case .brusselator where !spec.contains("grid"):
            try spec.allowOnly(["model", "sweep"])
            model = try BrusselatorSweepModel(spec: spec.removing("sweep"), sweep: sweep, space: space)
        case .brusselator, .grayScott, .schnakenberg:
            model = try GridSweepModel(spec: spec.removing("sweep"), sweep: sweep, space: space)
        case .alliance:
            throw SpecError(key: "model.kind", "'ecodyn sweep' handles community, brusselator, gray-scott and schnakenberg; for the alliance, [sharing] lambda is the sweep")
        }
    }
}
