import Foundation
import Testing

/// `ecodyn sweep`, `merge` and `export` end to end, through the built executable.
struct SweepCommandTests {
    let cli = CommandLineTests()

    /// A community sweep with some strongly mutualistic points that diverge.
    static let spec = """
        [model]
        kind = "community"
        n = 6
        r = 1.0
        mu = 0.1
        K = 1.0
        [model.random]
        connectance = 0.5
        sigma = 0.3
        mix = { competition = 0.5, mutualism = 0.5 }
        seed = 3
        [initial]
        x = 0.05
        [integrate]
        method = "dopri5"
        t_end = 40
        saves = 4
        [sweep]
        metrics = ["survivors", "final_total", "end_max_real", "max_real"]
        replicates = 2
        seed = 9
        [sweep.parameters]
        "model.random.sigma" = { linspace = [0.05, 1.5, 15] }
        "model.random.connectance" = { linspace = [0.1, 1.0, 10] }
        """

    /// Every column but the timing, in index order: what must be identical between runs.
    func rows(_ file: URL) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [file.path, "SELECT * FROM points ORDER BY idx"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Drop the last field (seconds), which is wall time.
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).dropLast().joined(separator: "|") }
    }

    @Test func jobsAndMergedShardsGiveIdenticalResults() throws {
        let dir = try cli.folder(with: Self.spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        func sweep(_ extra: [String]) throws {
            let r = try cli.ecodyn(["sweep", "spec.toml", "--quiet"] + extra, in: dir)
            #expect(r.status == 0, "\(extra): \(r.stderr)")
        }
        try sweep(["--out", "one.sqlite", "--jobs", "1"])
        try sweep(["--out", "two.sqlite", "--jobs", "2"])
        try sweep(["--out", "s0.sqlite", "--shard", "0/2"])
        try sweep(["--out", "s1.sqlite", "--shard", "1/2"])
        let merged = try cli.ecodyn(["merge", "s0.sqlite", "s1.sqlite", "-o", "merged.sqlite"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")

        let reference = try rows(dir.appendingPathComponent("one.sqlite"))
        #expect(reference.count == 300)
        for other in ["two.sqlite", "merged.sqlite"] {
            #expect(try rows(dir.appendingPathComponent(other)) == reference, "\(other)")
        }
        // Some points diverge (strong mutualism) and the sweep goes on past them.
        #expect(reference.contains { $0.contains("|diverged|") })
        #expect(reference.contains { $0.contains("|ok|") })
    }

    @Test func aRunKilledWithSIGKILLResumesWithoutLosingOrRepeatingPoints() throws {
        // A larger sweep (1000 points), so that the kill lands mid-run.
        let text = Self.spec.replacingOccurrences(of: "t_end = 40", with: "t_end = 100")
            .replacingOccurrences(of: "[0.05, 1.5, 15]", with: "[0.05, 1.5, 25]").replacingOccurrences(of: "[0.1, 1.0, 10]", with: "[0.1, 1.0, 20]")
        let dir = try cli.folder(with: text)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["sweep", "spec.toml", "--quiet", "--out", "killed.sqlite"]
        process.currentDirectoryURL = dir
        try process.run()
        let killed = dir.appendingPathComponent("killed.sqlite")
        var committed = 0
        for _ in 0..<1000 where committed == 0 {
            usleep(10_000)
            committed = (try? rows(killed).count) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let partial = try rows(killed).count
        #expect(partial > 0 && partial < 1000, "killed after \(partial) of 1000 points")
        let resumed = try cli.ecodyn(["sweep", "spec.toml", "--out", "killed.sqlite", "--json"], in: dir)
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("\"skipped\": \(partial)"), "\(resumed.stdout)")
        #expect(try cli.ecodyn(["sweep", "spec.toml", "--quiet", "--out", "fresh.sqlite"], in: dir).status == 0)
        let reference = try rows(dir.appendingPathComponent("fresh.sqlite"))
        #expect(reference.count == 1000)
        #expect(try rows(killed) == reference)
    }

    @Test func aGridSweepFindsTheTuringThreshold() throws {
        // a = 2, m = (1, 8): b_T = (1 + 2/√8)² ≈ 2.914. Below it the grid returns to the homogeneous
        // state; above it a stationary pattern forms (see PatternTests for the physics).
        let spec = """
            [model]
            kind = "brusselator"
            a = 2.0
            b = 2.0
            diffusion = [1.0, 8.0]
            [grid]
            shape = [128]
            spacing = 0.5
            [initial]
            perturbation = 0.01
            seed = 21
            [integrate]
            method = "imex"
            dt = 0.05
            t_end = 600
            [sweep]
            metrics = ["pattern", "dominant_k", "variance"]
            [sweep.parameters]
            b = { values = [2.331, 3.205] }
            """
        let dir = try cli.folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try cli.ecodyn(["sweep", "spec.toml", "--out", "t.sqlite", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let points = try rows(dir.appendingPathComponent("t.sqlite"))
        #expect(points.count == 2)
        #expect(points[0].hasPrefix("0|2.331|homogeneous|"), "\(points[0])")
        #expect(points[1].hasPrefix("1|3.205|stationary-pattern|"), "\(points[1])")
    }

    @Test func mistakesAreFoundBeforeAnyWork() throws {
        let wrongName = Self.spec.replacingOccurrences(of: "\"model.random.connectance\"", with: "\"model.random.conectance\"")
        let unknownMetric = Self.spec.replacingOccurrences(of: "\"max_real\"]", with: "\"max_rel\"]")
        for (text, key) in [(wrongName, "model.random.conectance"), (unknownMetric, "max_rel")] {
            let dir = try cli.folder(with: text)
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: dir)
            #expect(r.status == 2)
            #expect(r.stderr.contains(key), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.sqlite").path))
        }
    }

    @Test func resumingADifferentSweepIntoTheSameFileIsRefused() throws {
        let dir = try cli.folder(with: Self.spec.replacingOccurrences(of: "15] }", with: "3] }"))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: dir).status == 0)
        try Self.spec.replacingOccurrences(of: "15] }", with: "4] }").write(to: dir.appendingPathComponent("spec.toml"), atomically: true, encoding: .utf8)
        let r = try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("holds a different sweep"))
    }

    @Test func mergeFindsMissingAndDuplicatedPointsAndExportWritesCSV() throws {
        let spec = """
            [model]
            kind = "brusselator"
            a = 1.0
            b = 2.0
            [sweep]
            metrics = ["classification", "stable"]
            [sweep.parameters]
            b = { linspace = [0.5, 3.0, 6] }
            """
        let dir = try cli.folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 0..<3 { _ = try cli.ecodyn(["sweep", "spec.toml", "--quiet", "--out", "s\(k).sqlite", "--shard", "\(k)/3"], in: dir) }
        let missing = try cli.ecodyn(["merge", "s0.sqlite", "s2.sqlite", "-o", "m.sqlite"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("2 of 6 points are missing: 1 (shard 1/3), 4 (shard 1/3)"), "\(missing.stderr)")
        let twice = try cli.ecodyn(["merge", "s0.sqlite", "s1.sqlite", "s2.sqlite", "s1.sqlite", "-o", "m.sqlite"], in: dir)
        #expect(twice.status == 2 && twice.stderr.contains("is in both"))
        #expect(try cli.ecodyn(["merge", "s0.sqlite", "s1.sqlite", "s2.sqlite", "-o", "m.sqlite"], in: dir).status == 0)
        #expect(try cli.ecodyn(["export", "m.sqlite", "--csv", "m.csv"], in: dir).status == 0)
        let csv = try String(contentsOf: dir.appendingPathComponent("m.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "idx,model.b,classification,stable,status,message,seconds")
        #expect(csv.count == 7)
        // b = 0.5 with a = 1: ϖ = b − 1 − a² = −1.5 < 0 and ϖ² = 2.25 < 4a² = 4: a stable focus.
        #expect(csv[1].hasPrefix("0,0.5,stable-focus,1,ok,"))
        let render = try cli.ecodyn(["render", "m.sqlite", "--x", "b", "--y", "b", "--color", "classification", "-o", "m.png"], in: dir)
        #expect(render.status == 0, "\(render.stderr)")
        let png = try Data(contentsOf: dir.appendingPathComponent("m.png"))
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let wrong = try cli.ecodyn(["render", "m.sqlite", "--x", "c", "--y", "b", "--color", "classification", "-o", "w.png"], in: dir)
        #expect(wrong.status == 2 && wrong.stderr.contains("--x: 'c' is not one of: model.b"))
    }
}
