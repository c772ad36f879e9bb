import Foundation
import Testing

/// `method` left out: the automatic choice, its phases in `run`'s summary; "bdf" by name; sweeps
/// over its tolerances.
struct AutomaticMethodCommandTests {
    let cli = CommandLineTests()

    /// Two members with rates four decades apart (stiff) that coexist: δ = [[1, 0.5], [0.5, 1]],
    /// g = 0.9r, a = r, K = 1, so the equilibrium solves x + 0.5y = 0.9, 0.5x + y = 0.9: x = y = 0.6.
    static let spec = """
    [model]
    kind = "community"
    r = [10000.0, 1.0]
    mu = [1000.0, 0.1]
    K = 1.0
    delta = [[1.0, 0.5], [0.5, 1.0]]
    [initial]
    x = 0.01
    [integrate]
    t_end = 60
    rtol = 1e-8
    atol = 1e-12
    """

    @Test func leftOutTheMethodIsChosenAndSwitchesAreReported() throws {
        let dir = try cli.folder(with: Self.spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("auto:") && result.stdout.contains("methods: dopri5 from t = 0, bdf from t = "), "\(result.stdout)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        #expect(summary["method"] as? String == "auto")
        let phases = try #require(summary["phases"] as? [[String: Any]])
        #expect(phases.map { $0["method"] as? String } == ["dopri5", "bdf"])
        let final = try #require(summary["final_state"] as? [Double])
        #expect(abs(final[0] - 0.6) < 1e-6 && abs(final[1] - 0.6) < 1e-6, "\(final)")
    }

    @Test func bdfByNameAndItsKeys() throws {
        let dir = try cli.folder(with: Self.spec.replacingOccurrences(of: "[integrate]\n", with: "[integrate]\nmethod = \"bdf\"\n"))
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"method\": \"bdf\"") && result.stdout.contains("\"jacobian_products\""))
        let bad = try cli.folder(with: Self.spec.replacingOccurrences(of: "[integrate]\n", with: "[integrate]\nmethod = \"bdf\"\ndt = 0.1\n"))
        let refused = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: bad)
        #expect(refused.status == 2 && refused.stderr.contains("integrate.dt") && refused.stderr.contains("bdf chooses its own steps"), "\(refused.stderr)")
    }

    @Test func theAutomaticMethodLocatesWatchedEvents() throws {
        // Member 1 (rate 1) rises through 0.5 on its way to 0.6, after the hand-over to BDF.
        let dir = try cli.folder(with: Self.spec + "\n[watch]\n[[watch.level]]\nmember = 1\nvalue = 0.5\ndirection = \"rising\"\n")
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("auto:") && result.stdout.contains("member 1 crosses 0.5, rising"), "\(result.stdout)")
    }

    @Test func sweepsOverTheTolerancesOfTheAutomaticMethod() throws {
        let dir = try cli.folder(with: Self.spec + "\n[sweep]\nmetrics = [\"final_total\", \"steps\"]\n[sweep.parameters]\n\"integrate.rtol\" = { values = [1e-5, 1e-9] }\n")
        let result = try cli.ecodyn(["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let export = try cli.ecodyn(["export", "s.sqlite", "--csv", "s.csv"], in: dir)
        #expect(export.status == 0)
        let rows = try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let (total, steps) = (try #require(rows[0].firstIndex(of: "final_total")), try #require(rows[0].firstIndex(of: "steps")))
        for row in rows.dropFirst() { #expect(abs(Double(row[total])! - 1.2) < 1e-4) }
        #expect(Int(rows[2][steps])! > Int(rows[1][steps])!)
    }
}
