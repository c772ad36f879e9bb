import Foundation
import Testing

/// `[watch]` in a community spec: events in `run`'s summary and as sweep metrics.
struct WatchTests {
    let cli = CommandLineTests()

    /// The duo of examples/community-duo.toml with δ₀₁ = 2: member 0 dies out, member 1 settles at 7.
    static let spec = """
    [model]
    kind = "community"
    r = [1.0, 0.8]
    mu = 0.1
    K = [10, 8]
    delta = [[1.0, 2.0], [0.4, 1.0]]
    [initial]
    x = 1.0
    [integrate]
    method = "dopri5"
    t_end = 200
    rtol = 1e-10
    atol = 1e-14
    [watch]
    extinction = 1e-6
    [[watch.level]]
    member = 1
    value = 5.0
    direction = "rising"
    """

    @Test func runRecordsTheExtinctionAndTheLevelCrossing() throws {
        let dir = try cli.folder(with: Self.spec)
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("member 0 dies out") && result.stdout.contains("member 1 crosses 5, rising"))
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r/summary.json"))) as? [String: Any])
        let events = try #require(summary["events"] as? [[String: Any]])
        #expect(events.map { $0["kind"] as? String } == ["level", "extinction"] || events.map { $0["kind"] as? String } == ["extinction", "level"])
        let times = try #require(summary["extinction_times"] as? [Double])
        #expect(times.count == 1 && times[0] > 0)
        #expect((summary["final_state"] as? [Double])?.first == 0)
    }

    @Test func sweepMetricsAndTheirPrerequisites() throws {
        let dir = try cli.folder(with: Self.spec + "\n[sweep]\nmetrics = [\"extinctions\", \"first_extinction\", \"first_passage\"]\n[sweep.parameters]\n\"model.delta[0][1]\" = { values = [0.5, 2.0] }\n")
        let result = try cli.ecodyn(["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let export = try cli.ecodyn(["export", "s.sqlite", "--csv", "s.csv"], in: dir)
        #expect(export.status == 0)
        let rows = try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        let (e, f) = (try #require(header.firstIndex(of: "extinctions")), try #require(header.firstIndex(of: "first_extinction")))
        #expect(rows[1][e] == "0" && rows[1][f].isEmpty)      // δ₀₁ = 0.5: both coexist
        #expect(rows[2][e] == "1" && Double(rows[2][f]) != nil)
        let bad = try cli.folder(with: Self.spec.replacingOccurrences(of: "[watch]\nextinction = 1e-6\n", with: "[watch]\n")
                                 + "\n[sweep]\nmetrics = [\"first_extinction\"]\n[sweep.parameters]\n\"model.K[0]\" = { values = [10.0] }\n")
        let refused = try cli.ecodyn(["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"], in: bad)
        #expect(refused.status == 2 && refused.stderr.contains("first_extinction needs [watch] extinction"), "\(refused.stderr)")
    }

    @Test func aWatchWithAFixedStepMethodIsRefused() throws {
        let dir = try cli.folder(with: Self.spec.replacingOccurrences(of: "method = \"dopri5\"", with: "method = \"rk4\"\ndt = 0.01")
            .replacingOccurrences(of: "rtol = 1e-10\natol = 1e-14\n", with: ""))
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 2 && result.stderr.contains("integrate.method") && result.stderr.contains("dopri5"), "\(result.stderr)")
    }
}
