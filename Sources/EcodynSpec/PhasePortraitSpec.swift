import EcodynCore

extension PhasePortrait {
    /// Reads a well-mixed run of a kinetics spec without `[grid]`:
    ///
    ///     [model]     kind = "brusselator" | "gray-scott" | "schnakenberg" and its parameters
    ///     [initial]   u = [...], v = [...]   the starts, or count = 8, radius = r (a ring
    ///                 around the steady state; default radius half the larger of u*, v*)
    ///     [integrate] t_end, rtol = 1e-8, atol = 1e-10, saves = 400, max_steps (Dormand–Prince)
    ///     [drivers]   "model.b" = { ramp = … } and the other forms of ``ParameterDriver/drivers(spec:)``
    public init(spec: SpecTable) throws(SpecError) {
        try spec.allowOnly(["model", "initial", "integrate", "drivers"])
        let kinetics = try GridProblem.kinetics(spec)
        let t = try spec.requireTable("integrate")
        try t.allowOnly(["method", "t_end", "rtol", "atol", "saves", "max_steps"])
        _ = try t.string("method", oneOf: ["dopri5"])
        let tEnd = try t.required(t.double("t_end", constraint: .positive), "t_end")
        let saves = try t.int("saves", minimum: 1) ?? 400
        let method = DormandPrince(rtol: try t.double("rtol", constraint: .positive) ?? 1e-8, atol: try t.double("atol", constraint: .nonNegative) ?? 1e-10,
                                   maxSteps: try t.int("max_steps", minimum: 1) ?? DormandPrince().maxSteps)
        var starts: [[Double]]?
        if let i = try spec.table("initial") {
            try i.allowOnly(["u", "v", "count", "radius"])
            if i.contains("u") || i.contains("v") {
                for key in ["count", "radius"] where i.contains(key) { throw i.error(key, "give the starts as u and v, or as count and radius, not both") }
                let u = try i.required(i.doubles("u", constraint: .nonNegative), "u"), v = try i.required(i.doubles("v", constraint: .nonNegative), "v")
                guard u.count == v.count, !u.isEmpty else { throw i.error("v", "expected as many values as u (\(u.count)), got \(v.count)") }
                starts = zip(u, v).map { [$0, $1] }
            } else {
                let count = try i.int("count", minimum: 1) ?? 8
                try MemoryBudget.check(CheckedCount.product(count, CheckedCount.saturatingSum(saves, 1), 24), for: "\(count) trajectories of \(saves) saved states",
                                       key: i.keyPath("count"), fix: "lower count or integrate.saves")
                starts = Self.ring(around: kinetics.homogeneousState, count: count, radius: try i.double("radius", constraint: .positive))
            }
        }
        try MemoryBudget.check(CheckedCount.product(starts?.count ?? 8, CheckedCount.saturatingSum(saves, 1), 24), for: "the trajectories' \(saves) saved states",
                               key: t.keyPath("saves"), fix: "lower saves")
        self.init(kinetics: kinetics, starts: starts, tEnd: tEnd, method: method, saves: saves)
        let portrait = self
        if let driven = try ParameterDriver.applying(spec: spec, { (d) throws(ParameterError) in try portrait.driven(by: d) }) { self = driven }
    }
}
