import Ecodyn
import Foundation
import Testing

/// Large-community storage from a spec: sparse communities through `ecodyn analyze` and `ecodyn
/// sweep` (the analysis against LAPACK on the same community made dense, sweeps identical for any
/// thread count), and `precision = "single"` runs against float64 ones.
struct SparseCommandTests {
    let cli = CommandLineTests()

    static let spec = """
        [model]
        kind = "community"
        n = 3000
        r = 1.0
        mu = 0.1
        K = 1.0
        [model.random]
        storage = "sparse"
        connectance = 0.004
        sigma = 0.05
        mix = { competition = 0.8, mutualism = 0.2 }
        seed = 17
        [initial]
        x = 0.05
        [integrate]
        method = "dopri5"
        t_end = 30
        saves = 3
        """

    @Test func analyzeAgreesWithLAPACKOnTheDenseCommunity() throws {
        let dir = try cli.folder(with: Self.spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try cli.ecodyn(["analyze", "spec.toml", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sparse = try Community(spec: try SpecTable.parse(Self.spec))
        #expect(sparse.interactions.isSparse)
        let dense = try Community(r: sparse.r, mu: sparse.mu, K: sparse.K, delta: sparse.delta)
        let equilibrium = try dense.interiorEquilibrium()
        let lapack = try dense.stability(at: equilibrium.state)
        let state = try #require(report["equilibrium"] as? [Double])
        #expect(zip(state, equilibrium.state).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
        #expect(abs(try #require(report["max_real"] as? Double) - lapack.maxReal) <= 1e-8)
        #expect(abs(try #require(report["reactivity"] as? Double) - lapack.reactivity) <= 1e-8)
        #expect(report["classification"] as? String == lapack.classification.rawValue)
        #expect((report["search"] as? [String: Any])?["converged"] as? Bool == true)
    }

    @Test func sparseSweepsAreIdenticalForAnyThreadCount() throws {
        let dir = try cli.folder(with: Self.spec + """

            [sweep]
            metrics = ["survivors", "final_total", "end_max_real", "max_real", "feasible"]
            [sweep.parameters]
            "model.random.sigma" = { values = [0.02, 0.05, 0.08] }
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        for jobs in ["1", "2"] {
            let r = try cli.ecodyn(["sweep", "spec.toml", "--quiet", "--out", "j\(jobs).sqlite", "--jobs", jobs], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let sweeps = SweepCommandTests()
        let one = try sweeps.rows(dir.appendingPathComponent("j1.sqlite"))
        #expect(one.count == 3 && one.allSatisfy { $0.contains("|ok|") }, "\(one)")
        #expect(one == (try sweeps.rows(dir.appendingPathComponent("j2.sqlite"))))
    }

    @Test func singlePrecisionRunsFollowDoubleOnes() throws {
        let dense = Self.spec.replacingOccurrences(of: "storage = \"sparse\"\n", with: "").replacingOccurrences(of: "n = 3000", with: "n = 300")
            .replacingOccurrences(of: "connectance = 0.004", with: "connectance = 0.05")
        let single = dense.replacingOccurrences(of: "kind = \"community\"", with: "kind = \"community\"\nprecision = \"single\"")
        var finals = [[Double]]()
        for spec in [dense, single] {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try cli.ecodyn(["run", "spec.toml", "--out", "out"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/summary.json"))) as? [String: Any])
            finals.append(try #require(summary["final_state"] as? [Double]))
        }
        #expect(finals[0].count == 300 && finals[1].count == 300 && zip(finals[0], finals[1]).allSatisfy { abs($0 - $1) <= 1e-6 * abs($0) + 1e-9 })
        let both = try cli.folder(with: Self.spec.replacingOccurrences(of: "kind = \"community\"", with: "kind = \"community\"\nprecision = \"single\""))
        defer { try? FileManager.default.removeItem(at: both) }
        let refused = try cli.ecodyn(["run", "spec.toml", "--out", "out"], in: both)
        #expect(refused.status == 2 && refused.stderr.contains("model.precision: precision = \"single\" stores a dense δ in float32"), "\(refused.stderr)")
    }
}
