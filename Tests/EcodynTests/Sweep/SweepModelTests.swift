import Foundation
import Testing
@testable import Ecodyn

/// Sweeps work on problems: a swept path resolves once to what it sets, so a point parses no
/// spec and reads no file, and an element (`model.K[1]`, `model.delta[0][1]`) can be swept.
struct SweepModelTests {
    func plan(_ text: String, in folder: URL? = nil) throws -> SweepPlan {
        try SweepPlan(spec: SpecTable.parse(text, baseDirectory: folder ?? URL(fileURLWithPath: ".")))
    }

    func rows(_ plan: SweepPlan) -> [PointResult] {
        (0..<plan.space.count).map { let p = plan.space.point($0); return plan.model.evaluate(p.values, replicate: p.replicate) }
    }

    /// Two members, r = 1, μ = 0, K = (1, K₂), δ = [[1, d], [c, 1]]: X* = ((1 − d K₂), (K₂ − c))/(1 − dc)
    /// and J = −diag(X*/K) δ, whose eigenvalues are those of a 2×2 matrix in closed form.
    @Test func sweptElementsSetOneCapacityOrOneInteraction() throws {
        let plan = try plan("""
            [model]
            kind = "community"
            r = [1.0, 1.0]
            K = [1.0, 1.0]
            delta = [[1.0, 0.5], [0.3, 1.0]]
            [sweep]
            metrics = ["feasible", "max_real"]
            [sweep.parameters]
            "model.K[1]" = { values = [0.8, 1.5] }
            "model.delta[0][1]" = { values = [0.2, 0.6] }
            """)
        #expect(plan.space.names == ["model.K[1]", "model.delta[0][1]"])
        for (k, row) in rows(plan).enumerated() {
            let (k2, d) = ([0.8, 1.5][k / 2], [0.2, 0.6][k % 2]), c = 0.3
            let x = [(1 - d * k2) / (1 - d * c), (k2 - c) / (1 - d * c)]
            let (p, q, r, s) = (-x[0], -x[0] * d, -x[1] / k2 * c, -x[1] / k2)
            let t = p + s, det = p * s - q * r, disc = t * t - 4 * det
            let maxReal = disc >= 0 ? (t + disc.squareRoot()) / 2 : t / 2
            #expect(row.status == "ok")
            #expect(row.metrics[0] == .integer(x.allSatisfy { $0 > 0 } ? 1 : 0))
            guard case .real(let got) = row.metrics[1] else { Issue.record("max_real missing"); continue }
            #expect(abs(got - maxReal) < 1e-12, "K[1] = \(k2), δ01 = \(d)")
        }
    }

    /// δ comes from a .npy file: the plan reads it once; the points run after it is deleted.
    @Test func aPointReadsNoFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-sweep-\(getpid())-\(UInt64.random(in: 0...UInt64.max))", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("delta.npy")
        try NPYArray(shape: [2, 2], values: [1, 0.4, 0.2, 1]).npyData().write(to: file)
        let plan = try plan("""
            [model]
            kind = "community"
            r = 1.0
            K = [1.0, 1.0]
            delta = "delta.npy"
            [initial]
            x = 0.1
            [integrate]
            t_end = 50.0
            [sweep]
            metrics = ["survivors", "final_total"]
            [sweep.parameters]
            "model.r" = { values = [0.5, 2.0] }
            """, in: folder)
        try FileManager.default.removeItem(at: file)
        let results = rows(plan)
        // Both survive at X* = ((1 − 0.4), (1 − 0.2))/(1 − 0.08), whatever r is.
        for row in results {
            #expect(row.status == "ok" && row.metrics[0] == .integer(2))
            guard case .real(let total) = row.metrics[1] else { Issue.record("final_total missing"); continue }
            #expect(abs(total - 1.4 / 0.92) < 1e-5)
        }
    }

    @Test func pathsThatSetNothingAreRefusedNamingWhatCanBeSwept() throws {
        let base = """
            [model]
            kind = "community"
            n = 3
            r = 1.0
            K = 1.0
            [model.random]
            connectance = 1.0
            sigma = 0.1
            seed = 1
            [initial]
            x = 0.1
            [integrate]
            method = "rk4"
            dt = 0.1
            t_end = 1.0
            [sweep]
            metrics = ["survivors"]
            [sweep.parameters]

            """
        for (path, words) in [("model.nope", "cannot be swept"), ("model.delta[0][1]", "model.random"), ("model.K[3]", "members are 0 ..< 3"),
                              ("integrate.rtol", "dopri5"), ("noise.sigma", "euler-maruyama")] {
            let error = #expect(throws: SpecError.self) { try plan(base + "\"\(path)\" = { values = [0.5] }\n") }
            #expect(error?.key == "sweep.parameters.\(path)" && error?.message.contains(words) == true, "\(path): \(String(describing: error))")
        }
    }

    /// A value the model refuses is a failed point naming its key, not a stopped sweep.
    @Test func aRefusedValueIsAFailedPointNamingTheKey() throws {
        let plan = try plan("""
            [model]
            kind = "community"
            r = [1.0, 1.0]
            K = [1.0, 1.0]
            [sweep]
            metrics = ["max_real"]
            [sweep.parameters]
            "model.K[1]" = { values = [1.0, -1.0] }
            """)
        let results = rows(plan)
        #expect(results[0].status == "ok")
        #expect(results[1].status == "failed" && results[1].message?.hasPrefix("model.K:") == true, "\(results[1])")
    }

    /// A grid sweep of the Brusselator's b and D_v: each point's problem has the values, and its
    /// perturbed start follows the point's steady state (u, v) = (a, b/a).
    @Test func aGridPointHasItsKineticsAndItsSteadyStart() throws {
        let plan = try plan("""
            [model]
            kind = "brusselator"
            a = 2.0
            b = 3.0
            diffusion = [1.0, 8.0]
            [grid]
            shape = [8, 8]
            [initial]
            perturbation = 0.0
            [integrate]
            dt = 0.01
            t_end = 0.1
            [sweep]
            metrics = ["mean"]
            [sweep.parameters]
            b = { values = [3.0, 5.0] }
            "model.diffusion[1]" = { values = [4.0] }
            """)
        for index in 0..<2 {
            guard case .grid(let problem) = try plan.problem(at: index) else { Issue.record("not a grid"); continue }
            let b = [3.0, 5.0][index]
            #expect(problem.simulation.kinetics.parameters == [2, b, 1, 4])
            #expect(problem.initial.v.allSatisfy { $0 == b / 2 } && problem.steps == 10)
        }
    }
}

extension SweepModelTests {
    static let rk4Sweep = """
        [model]
        kind = "community"
        r = [1.0, 0.9, 1.1]
        mu = 0.05
        K = 1.0
        delta = [[1.0, 0.6, 0.2], [0.5, 1.0, 0.7], [0.1, 0.8, 1.0]]
        [initial]
        x = 0.1
        [integrate]
        method = "rk4"
        dt = 0.05
        t_end = 60.0
        [sweep]
        metrics = ["survivors", "final_total", "steps", "end_max_real"]
        [sweep.parameters]
        "model.K[0]" = { linspace = [0.5, 2.0, 7] }
        "initial.x[2]" = { values = [0.01, 0.3] }
        """

    /// RK4 points that share δ run through the batched kernel: each equals the point run alone
    /// (bit for bit) and the library's own RK4 run of that community (to rounding), and a
    /// runner on one thread records what one on two threads records.
    @Test func rk4PointsThatShareDeltaRunBatchedAndAsThemselves() throws {
        let plan = try plan(Self.rk4Sweep)
        #expect(plan.model.batchesPoints)
        let points = (0..<plan.space.count).map { plan.space.point($0) }
        let batched = plan.model.evaluate(batch: points)
        for (k, p) in points.enumerated() {
            #expect(batched[k] == plan.model.evaluate(p.values, replicate: 0))
            guard case .community(let community, let run?) = try plan.problem(at: k) else { Issue.record("no run"); continue }
            let single = run.solve(endpointsOnly: true)
            guard case .real(let total) = batched[k].metrics[1] else { Issue.record("final_total missing"); continue }
            #expect(abs(total - single.finalState.reduce(0, +)) < 1e-12, "point \(k)")
            #expect(batched[k].metrics[2] == .integer(single.statistics.steps) && community.K[0] == p.values[plan.space.names.firstIndex(of: "model.K[0]")!])
        }
        func rows(jobs: Int) throws -> [SweepStore.Row] {
            var all = [SweepStore.Row]()
            try SweepRunner(space: plan.space, model: plan.model, jobs: jobs).run(sink: { all += $0 })
            return all
        }
        #expect(try rows(jobs: 1).map(\.result) == rows(jobs: 2).map(\.result))
    }
}
