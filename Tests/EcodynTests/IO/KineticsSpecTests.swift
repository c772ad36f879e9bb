import Testing
@testable import Ecodyn

/// Every kinetics of the registry is read from a spec, swept and analysed by the generic spec
/// layer, with no code of its own there.
struct KineticsSpecTests {
    /// A spec naming each parameter of ``Kinetics/parameterOrder`` (the last two as `diffusion`).
    func spec(_ type: any Kinetics.Type, _ values: [Double], extra: String = "") -> String {
        let names = type.parameterOrder.dropLast(2)
        let keys = zip(names, values).map { "\($0) = \($1)" }.joined(separator: "\n")
        return "[model]\nkind = \"\(type.kind)\"\n\(keys)\ndiffusion = [\(values[values.count - 2]), \(values[values.count - 1])]\n" + extra
    }

    /// Values every kinetics accepts (all positive, a₁ of FitzHugh–Nagumo included).
    func values(_ type: any Kinetics.Type) -> [Double] { type.parameterOrder.indices.map { 0.3 + 0.1 * Double($0) } }

    @Test func everyRegisteredKineticsReadsItsParametersByName() throws {
        for type in KineticsRegistry.all where type != Brusselator.self {
            let kinetics = try GridProblem.kinetics(SpecTable.parse(spec(type, values(type))))
            #expect(kinetics.name == type.kind && kinetics.parameters == values(type))
        }
        let brusselator = try GridProblem.kinetics(SpecTable.parse("[model]\nkind = \"brusselator\"\na = 1.5\nb = 2\ndiffusion = [1, 8]"))
        #expect(brusselator.parameters == [1.5, 2, 1, 8])
    }

    @Test func aValueTheModelRefusesNamesItsKey() throws {
        for type in KineticsRegistry.all where type != Brusselator.self {
            var bad = values(type)
            bad[bad.count - 1] = -1
            let error = #expect(throws: SpecError.self) { try GridProblem.kinetics(SpecTable.parse(spec(type, bad))) }
            #expect(error?.key == "model.diffusion", "\(type.kind): \(String(describing: error))")
        }
        #expect { try Brusselator(spec: SpecTable.parse("[model]\nkind = \"brusselator\"\na = 1\nb = 2\ndiffusion = [1, -1]")) } throws: {
            ($0 as? SpecError)?.key == "model.diffusion"
        }
        #expect { try Brusselator(spec: SpecTable.parse("[model]\nkind = \"brusselator\"\na = 1\nb = 2\nk1 = 1")) } throws: {
            ($0 as? SpecError)?.message.contains("not both") == true
        }
    }

    /// A well-mixed sweep of the first parameter sets it and nothing else: each point's metrics
    /// are those of the model built from values with that parameter changed.
    @Test func everyRegisteredKineticsSweepsByParameterName() throws {
        for type in KineticsRegistry.all where type != Brusselator.self {
            let name = type.parameterOrder[0], levels = [0.2, 0.9, 3.0]
            let sweep = "[sweep]\nmetrics = [\"stable\", \"max_real\"]\n[sweep.parameters]\n\(name) = { values = [0.2, 0.9, 3.0] }\n"
            let plan = try SweepPlan(spec: SpecTable.parse(spec(type, values(type), extra: sweep)))
            for (k, level) in levels.enumerated() {
                var p = values(type)
                p[0] = level
                let model = try type.init(parameters: p)
                let row = plan.model.evaluate(plan.space.point(k).values, replicate: 0)
                #expect(row.metrics == [.integer(model.maxReal < 0 ? 1 : 0), .real(model.maxReal)], "\(type.kind) \(name) = \(level)")
            }
        }
    }

    /// A grid spec with method = "dopri5" takes t_end and the tolerances, and refuses a step.
    @Test func aGridSpecRunsDormandPrinceFromItsTolerances() throws {
        let base = "[model]\nkind = \"brusselator\"\na = 2.0\nb = 3.0\ndiffusion = [1.0, 4.0]\n[grid]\nshape = [8, 8]\n[integrate]\n"
        let problem = try GridProblem(spec: SpecTable.parse(base + "method = \"dopri5\"\nt_end = 5.0\nrtol = 1e-7\n"))
        #expect(problem.method == .dopri5 && problem.tolerances.rtol == 1e-7 && abs(problem.dt * Double(problem.steps) - 5) < 1e-12)
        for (extra, key) in [("method = \"dopri5\"\nt_end = 5.0\ndt = 0.1\n", "integrate.dt"), ("method = \"rk4\"\ndt = 0.1\nt_end = 5.0\natol = 1e-9\n", "integrate.atol"),
                             ("method = \"dopri5\"\nt_end = 5.0\nrtol = -1.0\n", "integrate.rtol")] {
            let error = #expect(throws: SpecError.self) { try GridProblem(spec: SpecTable.parse(base + extra)) }
            #expect(error?.key == key, "\(extra): \(String(describing: error))")
        }
    }

    /// A run cut among MPI ranks: the method, the planes and the memory of the machine's ranks
    /// together are checked, each error naming its key.
    @Test func aCutRunIsCheckedForItsMethodPlanesAndMemory() throws {
        let grid = "[model]\nkind = \"brusselator\"\na = 2.0\nb = 3.0\ndiffusion = [1.0, 4.0]\n[grid]\nshape = [1000, 1000]\n[integrate]\n"
        let rk4 = try GridProblem(spec: SpecTable.parse(grid + "method = \"rk4\"\ndt = 0.01\nt_end = 1.0\n"))
        try rk4.checkCut(among: 4, local: 4)
        let imex = try GridProblem(spec: SpecTable.parse(grid + "method = \"imex\"\ndt = 0.1\nt_end = 1.0\n"))
        let refused = [(imex, 2, 2, "integrate.method"), (rk4, 1001, 1, "grid.shape"),
                       (rk4, 64, MemoryBudget.available / (5 * 8 * 1_000_000) + 1, "grid.shape")]   // 10⁶ cells × 5 doubles a rank
        for (problem, ranks, local, key) in refused {
            let error = #expect(throws: SpecError.self) { try problem.checkCut(among: ranks, local: local) }
            #expect(error?.key == key, "\(ranks) ranks, \(local) here: \(String(describing: error))")
        }
    }
}
