import Testing
@testable import Ecodyn
import EcodynTestSupport

struct ParameterSpaceTests {
    func space(_ text: String) throws -> ParameterSpace {
        try ParameterSpace(sweep: SpecTable.parse(text).requireTable("sweep"))
    }

    @Test func productOrderIsByNameWithTheLastFastestThenReplicates() throws {
        let s = try space("[sweep]\nreplicates = 2\n[sweep.parameters]\nb = { values = [10, 20, 30] }\na = { values = [1, 2] }")
        #expect(s.names == ["model.a", "model.b"])
        #expect(s.count == 12)
        #expect(s.point(0).values == [1, 10] && s.point(0).replicate == 0)
        #expect(s.point(1).values == [1, 10] && s.point(1).replicate == 1)
        #expect(s.point(2).values == [1, 20])
        #expect(s.point(11).values == [2, 30] && s.point(11).replicate == 1)
    }

    @Test func linspaceIsNumPysAndLogspaceIsGeometric() throws {
        // NumPy: np.linspace(0.5, 3.0, 1000)[337] = 337·(2.5/999) + 0.5 (its arange·step + start).
        let s = try space("[sweep.parameters]\na = { linspace = [0.5, 3.0, 1000] }")
        #expect(s.point(337).values[0] == 337 * (2.5 / 999) + 0.5)
        #expect(s.point(999).values[0] == 3.0)
        let g = try space("[sweep.parameters]\nx = { logspace = [1, 1000, 4] }")
        #expect(allClose((0..<4).map { g.point($0).values[0] }, [1, 10, 100, 1000], rtol: 1e-14))
    }

    @Test func latinHypercubePutsOnePointInEachStratum() throws {
        let s = try space("[sweep]\nseed = 4\n[sweep.parameters]\nu = { latin-hypercube = [0, 1], count = 50 }\nv = { latin-hypercube = [2, 4], count = 50 }\nw = { values = [7, 8] }")
        #expect(s.count == 100)
        // Random-design parameters vary together and form one factor, ordered by its first name (u),
        // so w, last by name, varies fastest: even points have w = 7.
        let u = (0..<50).map { s.point(2 * $0).values[0] }, v = (0..<50).map { s.point(2 * $0).values[1] }
        #expect((0..<50).allSatisfy { s.point(2 * $0).values[2] == 7 && s.point(2 * $0 + 1).values[0] == u[$0] })
        #expect(Set(u.map { Int($0 * 50) }).count == 50)
        #expect(Set(v.map { Int(($0 - 2) / 2 * 50) }).count == 50)
        // Reproducible from the seed.
        #expect(try space("[sweep]\nseed = 4\n[sweep.parameters]\nu = { latin-hypercube = [0, 1], count = 50 }\nv = { latin-hypercube = [2, 4], count = 50 }\nw = { values = [7, 8] }") == s)
    }

    @Test func mistakesNameTheKey() {
        #expect { try space("[sweep.parameters]\na = { linspace = [0, 1] }") } throws: { ($0 as? SpecError)?.key == "sweep.parameters.a.linspace" }
        #expect { try space("[sweep.parameters]\na = { uniform = [0, 1], count = 5 }\nb = { uniform = [0, 1], count = 6 }") } throws: {
            ($0 as? SpecError)?.message.contains("one count") == true
        }
        #expect { try space("[sweep.parameters]\nb = { values = [1] }\n\"model.b\" = { values = [2] }") } throws: {
            ($0 as? SpecError)?.message.contains("named twice") == true
        }
    }

    @Test func gridsAreComputedOnDemandSoLargeSpacesTakeNoMemory() throws {
        // 10¹⁵ points: listing them would need 8 PB. Point k of a linspace is k·step + lo (NumPy).
        let s = try space("[sweep]\n[sweep.parameters]\na = { linspace = [0.0, 1.0, 1000000000000000] }")
        #expect(s.count == 1_000_000_000_000_000)
        #expect(s.point(999_999_999_999_999).values == [1.0])
        #expect(s.point(500_000_000_000_000).values == [500_000_000_000_000 * (1.0 / 999_999_999_999_999)])
    }

    @Test func countsBeyondTwoToThe53AreRefused() throws {
        #expect(throws: SpecError.self) { try space("[sweep]\nreplicates = 4611686018427387904\n[sweep.parameters]\na = { values = [1, 2] }") }
        #expect(throws: SpecError.self) {
            try space("[sweep]\n[sweep.parameters]\na = { linspace = [0, 1, 100000000] }\nb = { linspace = [0, 1, 100000000] }")
        }
    }

    @Test func aParameterNameMustBeAKeyPath() throws {
        for name in ["\".\"", "\"..\"", "\"model.\"", "\".b\""] {
            #expect(throws: SpecError.self) { try space("[sweep]\n[sweep.parameters]\n\(name) = { values = [1] }") }
        }
    }

    @Test func aSpaceFromValuesOrdersItsParametersAsGiven() throws {
        let s = try ParameterSpace(parameters: [(name: "b", values: .values([10, 20])), (name: "a", values: .linspace(0, 1, 3))], replicates: 2)
        #expect(s.names == ["b", "a"] && s.count == 12)
        #expect(s.point(0).values == [10, 0] && s.point(2).values == [10, 0.5] && s.point(11).values == [20, 1] && s.point(11).replicate == 1)
        #expect(throws: ParameterError.self) { try ParameterSpace(parameters: [(name: "a", values: .values([1])), (name: "a", values: .values([2]))]) }
        #expect(throws: ParameterError.self) { try ParameterSpace(parameters: []) }
    }

    /// A sweep of a function of the point: the Brusselator's max Re λ = (b − 1 − a²)/2 on the
    /// focus side (MODELS.md §2), so it changes sign at the Hopf point b = 1 + a².
    @Test func aFunctionSweepRunsOnTheRunnerAndReportsFailures() throws {
        let space = try ParameterSpace(parameters: [(name: "b", values: .values([1.5, 2.5, -1]))])
        let model = FunctionSweepModel(metrics: ["max_real"]) { values, _ in [.real(try Brusselator(a: 1, b: values[0]).maxReal)] }
        var rows = [SweepStore.Row]()
        try SweepRunner(space: space, model: model, jobs: 2).run(sink: { rows += $0 })
        rows.sort { $0.index < $1.index }
        #expect(rows.map(\.result.status) == ["ok", "ok", "failed"])
        #expect(rows[0].result.metrics == [.real(-0.25)] && rows[1].result.metrics == [.real(0.25)])
        #expect(rows[2].result.message?.hasPrefix("b: must be ≥ 0") == true)
    }
}
