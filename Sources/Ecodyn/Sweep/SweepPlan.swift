/// A sweep read from a spec: its parameter space and the model that evaluates its points.
public struct SweepPlan: Sendable {
    public var space: ParameterSpace
    public var model: any SweepModel
    /// The spec without `[sweep]`: the point the parameters are applied to.
    let base: SpecTable

    /// Reads `[sweep]` and the model of the spec; every mistake (an unknown parameter or metric,
    /// a bad value) is found here, before any point runs.
    public init(spec: SpecTable) throws(SpecError) {
        let kind = try ModelKind.of(spec)
        let sweep = try spec.requireTable("sweep")
        try sweep.allowOnly(["parameters", "metrics", "replicates", "seed"])
        space = try ParameterSpace(sweep: sweep)
        base = spec.removing("sweep")
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

extension SweepPlan {
    /// The spec of point `index` (0 ..< space.count) without `[sweep]`, as the sweep evaluates
    /// it (a community's random seeds derived for its replicate): what `ecodyn run` and
    /// `analyze` of a sweep spec work on.
    public func pointSpec(_ index: Int) -> SpecTable {
        let (values, replicate) = space.point(index)
        if let model = model as? CommunitySweepModel { return model.pointSpec(values, replicate: replicate) }
        return zip(space.names, values).reduce(base) { $0.overriding($1.0, with: $1.1) }
    }

    /// "a = 0.5, b = 2" for point `index`, with its replicate when there are several.
    public func describe(_ index: Int) -> String {
        let (values, replicate) = space.point(index)
        let pairs = zip(space.names, values).map { "\($0) = \($1)" } + (space.replicates > 1 ? ["replicate \(replicate)"] : [])
        return "point \(index) of \(space.count)" + (pairs.isEmpty ? "" : ": " + pairs.joined(separator: ", "))
    }
}
