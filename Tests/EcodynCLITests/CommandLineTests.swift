import Ecodyn
import Foundation
import Testing

/// End-to-end checks of the `ecodyn` executable: exit status, standard error, files written.
struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `ecodyn` beside this test bundle.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ecodyn").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("ecodyn")
    }

    /// Runs `ecodyn` with `arguments` in `directory`.
    func ecodyn(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        try Self.run(Self.executable, arguments, in: directory)
    }

    /// Runs `executable` with `arguments` in `directory`, `environment` added to this process's.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `ecodyn sweep` of `spec` in a fresh folder, exported to CSV: the header row, then one row
    /// per point (empty fields kept, so columns line up with the header).
    func sweptRows(_ spec: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        let dir = try folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["sweep", "spec.toml", "--out", "s.sqlite", "--quiet"], in: dir)
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try ecodyn(["export", "s.sqlite", "--csv", "s.csv"], in: dir).status == 0, sourceLocation: sourceLocation)
        return try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A fresh folder holding `spec.toml` with `text`.
    func folder(with text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-cli-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("spec.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func versionNamesOpenBLASAndTheKernels() throws {
        let result = try ecodyn(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ecodyn "))
        #expect(result.stdout.contains("OpenBLAS: core"))
        #expect(result.stdout.contains("kernels: "))
    }

    @Test func helpIsPrintedForTheToolAndEverySubcommand() throws {
        for arguments in [["--help"], ["help"], ["run", "--help"], ["help", "sweep"], ["bench", "-h"]] {
            let result = try ecodyn(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: ecodyn"), "\(arguments): \(result.stdout)")
        }
    }

    @Test func aBadSpecIsOneLineExitTwoAndWritesNothing() throws {
        let dir = try folder(with: "[model]\nkind = \"comunity\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let invocations = [["run", "spec.toml", "--out", "results"], ["analyze", "spec.toml"],
                           ["sweep", "spec.toml", "--out", "results"], ["alliance", "spec.toml"]]
        for arguments in invocations {
            let result = try ecodyn(arguments, in: dir)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("model.kind"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results").path))
        }
    }

    @Test func aMissingSpecFileIsExitTwo() throws {
        let result = try ecodyn(["analyze", "/nonexistent/spec.toml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read the spec file"))
    }

    @Test func anUnknownWorkloadIsAUsageError() throws {
        let result = try ecodyn(["bench", "W42"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown workload 'W42'"))
    }

    @Test func allianceExampleReproducesThePaperAndWritesItsFiles() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-alliance-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try ecodyn(["alliance", examples.appendingPathComponent("alliance.toml").path, "--json", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let centralized = json?["centralized"] as? [String: Double]
        #expect(centralized?["profit"] == 5390)  // the paper's centralised profit
        let rows = json?["sharing"] as? [[String: Any]] ?? []
        let row = rows.first { ($0["lambda"] as? Double) == 0.75 }
        #expect(abs((row?["total"] as? Double ?? 0) - 5102) < 1e-9)
        #expect((json?["vertical"] as? [Any])?.count == rows.count)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
        let svg = try String(contentsOf: out.appendingPathComponent("profits.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline"))
    }

    @Test func theAllianceCommandRefusesOtherModels() throws {
        let dir = try folder(with: "[model]\nkind = \"community\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["alliance", "spec.toml"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("handles: \"alliance\""))
    }

    static let duo = """
        [model]
        kind = "community"
        r = [1.0, 0.8]
        mu = 0.1
        K = [10, 8]
        delta = [[1.0, 0.5], [0.4, 1.0]]
        [initial]
        x = 0.1
        [integrate]
        method = "rk4"
        dt = 0.05
        t_end = 100
        """

    @Test func analyzePrintsTheDocumentedKeys() throws {
        let dir = try folder(with: Self.duo)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["analyze", "spec.toml", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["equilibrium", "feasible", "eigenvalues", "max_real", "resilience", "reactivity", "classification"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        // The closed form of MODELS.md §1: X* = (6.875, 4.25) (derived in CommunityStabilityTests).
        let eq = try #require(json["equilibrium"] as? [Double])
        #expect(abs(eq[0] - 6.875) < 1e-12 && abs(eq[1] - 4.25) < 1e-12)
        #expect(json["classification"] as? String == "stable-node")
        #expect((json["eigenvalues"] as? [[String: Double]])?.first?["re"] != nil)
    }

    @Test func analyzeTheBrusselatorPrintsItsThresholds() throws {
        let dir = try folder(with: "[model]\nkind = \"brusselator\"\na = 2\nb = 3\ndiffusion = [1, 16]\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["analyze", "spec.toml", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // MODELS.md §2 with a = 2, b = 3, m = (1, 16): (x₀, y₀) = (2, 1.5); b_H = 5; b_T = (1 + 2/4)² = 2.25;
        // k_c² = 2/4; ϖ = −2 < 0 with ϖ² = 4 < 16: a stable focus, Turing-unstable since b > b_T.
        #expect(json["steady_state"] as? [Double] == [2, 1.5])
        #expect(json["hopf_b"] as? Double == 5 && json["turing_b"] as? Double == 2.25)
        #expect(abs((json["critical_wavenumber"] as? Double ?? 0) - 0.5.squareRoot()) < 1e-15)
        #expect(json["classification"] as? String == "stable-focus" && json["turing_unstable"] as? Bool == true)
    }

    @Test func aGridRunWritesFieldsPicturesAndPatternMetrics() throws {
        let spec = """
            [model]
            kind = "schnakenberg"
            a = 0.1
            b = 0.9
            diffusion = [1, 40]
            [grid]
            shape = [24, 20]
            boundary = "neumann"
            [initial]
            perturbation = 0.01
            [integrate]
            method = "imex"
            dt = 0.1
            t_end = 5
            save_every = 10
            """
        let dir = try folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["run", "spec.toml", "--out", "rd", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["u.npy", "v.npy", "u.png", "v.png", "summary.json", "frames_u.npy", "frame_times.npy"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rd/\(file)").path), "\(file)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "finished" && json["steps"] as? Int == 50)
        #expect((json["pattern"] as? [String: Any])?["pattern"] != nil)
        // Schnakenberg's homogeneous state (a + b, b/(a + b)²) = (1, 0.9).
        #expect((json["analysis"] as? [String: Any])?["steady_state"] as? [Double] == [1, 0.9])
        // The u field has NumPy's shape (ny, nx) = (20, 24).
        let header = try String(decoding: Data(contentsOf: dir.appendingPathComponent("rd/u.npy")).prefix(80), as: UTF8.self)
        #expect(header.contains("'shape': (20, 24)"))
        // An explicit step beyond the diffusion limit is refused before any work.
        try spec.replacingOccurrences(of: "\"imex\"", with: "\"euler\"").write(to: dir.appendingPathComponent("spec.toml"), atomically: true, encoding: .utf8)
        let refused = try ecodyn(["run", "spec.toml", "--out", "rd2"], in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("integrate.dt") && refused.stderr.contains("imex"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("rd2").path))
    }

    /// An `[ensemble]` run: per-member files of the documented shapes; members drawn where a
    /// range is given (capacities in [0.5, 1.5]), the base value elsewhere; each member's
    /// survivors are its species above 1e-6; and the same files for the same seed.
    @Test func anEnsembleRunWritesPerMemberReductions() throws {
        let spec = """
            [model]
            kind = "community"
            r = [1.0, 0.9, 1.1]
            K = 1.0
            delta = [[1.0, 0.9, 0.2], [0.8, 1.0, 0.7], [0.1, 0.9, 1.0]]
            [initial]
            x = 0.1
            [integrate]
            method = "rk4"
            dt = 0.05
            t_end = 100.0
            [ensemble]
            members = 40
            seed = 5
            K = { uniform = [0.5, 1.5] }
            """
        let dir = try folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        for out in ["a", "b"] {
            let result = try ecodyn(["run", "spec.toml", "--out", out, "--json"], in: dir)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        }
        let read = { (name: String) in try NPYArray(contentsOf: dir.appendingPathComponent("a/\(name)")) }
        let final = try read("final_state.npy"), average = try read("time_average.npy"), survivors = try read("survivors.npy")
        #expect(final.shape == [40, 3] && average.shape == [40, 3] && survivors.shape == [40])
        for b in 0..<40 {
            let row = final.values[(3 * b)..<(3 * b + 3)]
            #expect(survivors.values[b] == Double(row.filter { $0 > 1e-6 }.count))
        }
        #expect(Set(final.values.map { ($0 * 1e6).rounded() }).count > 40, "members differ")
        for name in ["final_state.npy", "survivors.npy", "summary.json"] {
            #expect(FileManager.default.contents(atPath: dir.appendingPathComponent("a/\(name)").path)
                    == FileManager.default.contents(atPath: dir.appendingPathComponent("b/\(name)").path))
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/survivors.svg").path))
        let bad = try ecodyn(["run", "spec.toml", "--out", "c"], in: try folder(with: spec.replacingOccurrences(of: "[0.5, 1.5]", with: "[-1.0, 1.5]")))
        #expect(bad.status == 2 && bad.stderr.contains("ensemble.K"), "\(bad.stderr)")
        // [watch] is refused, not read and ignored.
        let watched = try ecodyn(["run", "spec.toml", "--out", "d"], in: try folder(with: spec + "\n[watch]\nextinction = 1e-6\n"))
        #expect(watched.status == 2 && watched.stderr.hasPrefix("ecodyn: error: spec.toml: watch: [watch] locates events in a single run"), "\(watched.stderr)")
    }

    @Test func runWritesTrajectoryTimesSummaryAndPlot() throws {
        let dir = try folder(with: Self.duo)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["run", "spec.toml", "--out", "results"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let out = dir.appendingPathComponent("results")
        for file in ["trajectory.npy", "times.npy", "summary.json", "trajectories.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["status"] as? String == "finished")
        #expect(summary["survivors"] as? Int == 2)
        let final = try #require(summary["final_state"] as? [Double])
        #expect(abs(final[0] - 6.875) < 1e-4 && abs(final[1] - 4.25) < 1e-4)
    }

    @Test(arguments: [
        ("delta = [[1.0, 0.5], [0.4, 1.0]]", "delta = [[1.0, 0.5, 0.1], [0.4, 1.0, 0.2]]", "model.delta"),
        ("K = [10, 8]", "K = [10, -8]", "model.K"),
        ("mu = 0.1", "muu = 0.1", "model.muu"),
        ("dt = 0.05", "dt = 0", "integrate.dt"),
    ])
    func badCommunitySpecsAreOneLineNamingTheKey(from: String, to: String, key: String) throws {
        let dir = try folder(with: Self.duo.replacingOccurrences(of: from, with: to))
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ecodyn(["run", "spec.toml", "--out", "results"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains(key), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results").path))
    }
}
