import Foundation
import Testing

/// Defects a new user hit (the library-first issue's list), end to end; each test fails on the
/// code before its fix.
struct NewUserDefectsTests {
    let cli = CommandLineTests()

    static let grid = ReliabilityTests.smallGrid

    @Test func analyzeOfAGridSpecNeedsNoIntegrateTableAndIgnoresTheStepLimit() throws {
        let withoutIntegrate = Self.grid.components(separatedBy: "[integrate]")[0]
        let beyondTheLimit = Self.grid.replacingOccurrences(of: "method = \"imex\"", with: "method = \"euler\"").replacingOccurrences(of: "dt = 0.1", with: "dt = 2")
        for spec in [withoutIntegrate, beyondTheLimit] {
            let dir = try cli.folder(with: spec)
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try cli.ecodyn(["analyze", "spec.toml"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("fastest mode"))
        }
    }

    @Test func aGridRunEndsAtTEndOrIsRefused() throws {
        let dir = try cli.folder(with: Self.grid.replacingOccurrences(of: "t_end = 2", with: "t_end = 1").replacingOccurrences(of: "dt = 0.1", with: "dt = 0.3"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 2 && result.stderr.contains("integrate.t_end: t_end = 1.0 is not a whole number of steps"), "\(result.stderr)")
    }

    @Test func aTransposedInitialFieldIsRefused() throws {
        let spec = Self.grid.replacingOccurrences(of: "shape = [32, 32]", with: "shape = [8, 4]")
            .replacingOccurrences(of: "[integrate]", with: "[initial]\nu = \"u.npy\"\nv = \"u.npy\"\n[integrate]")
        let dir = try cli.folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        // shape = [8, 4] is nx = 8, ny = 4: NumPy's (4, 8). A (8, 4) array holds the same count.
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (8, 4), }"
        header += String(repeating: " ", count: (64 - (header.utf8.count + 11) % 64) % 64) + "\n"
        data.append(contentsOf: [UInt8(header.utf8.count), 0] + Array(header.utf8))
        for _ in 0..<32 { withUnsafeBytes(of: 1.0.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: dir.appendingPathComponent("u.npy"))
        let result = try cli.ecodyn(["run", "spec.toml", "--out", "r"], in: dir)
        #expect(result.status == 2 && result.stderr.contains("initial.u: 'u.npy' holds an array of shape [8, 4], expected [4, 8]"), "\(result.stderr)")
    }

    @Test func aSweepOfReplicatesAloneRunsTheSpecsPointThatManyTimes() throws {
        let spec = SweepCommandTests.spec.components(separatedBy: "[sweep.parameters]")[0]
        let dir = try cli.folder(with: spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["sweep", "spec.toml", "--out", "r.sqlite", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"points\": 2"))
    }

    @Test func runAndAnalyzeOfASweepSpecUseOnePoint() throws {
        let dir = try cli.folder(with: SweepCommandTests.spec)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try cli.ecodyn(["analyze", "spec.toml"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("point 0 of 300: model.random.connectance = 0.1, model.random.sigma = 0.05, replicate 0"))
        let run = try cli.ecodyn(["run", "spec.toml", "--point", "299", "--out", "r"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("point 299 of 300: model.random.connectance = 1.0, model.random.sigma = 1.5, replicate 1"))
        let outside = try cli.ecodyn(["run", "spec.toml", "--point", "300", "--out", "r2"], in: dir)
        #expect(outside.status == 2 && outside.stderr.contains("--point 300 is not a point of the sweep"))
    }

    @Test func analyzeTextShowsWordsNotJSONStrings() throws {
        let dir = try cli.folder(with: "[model]\nkind = \"brusselator\"\na = 1.0\nb = 1.5\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["analyze", "spec.toml"], in: dir)
        #expect(result.stdout.contains("classification: stable-focus\n"), "\(result.stdout)")
    }

    @Test func grayScottAnalysisReportsEverySteadyState() throws {
        let dir = try cli.folder(with: "[model]\nkind = \"gray-scott\"\nF = 0.05\nk = 0.05\ndiffusion = [0.2, 0.1]\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try cli.ecodyn(["analyze", "spec.toml", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let states = json?["steady_states"] as? [[String: Any]]
        #expect(states?.count == 3)
        // The middle branch (u ≈ 0.276, v ≈ 0.362) is a saddle: det J < 0.
        #expect(states?.compactMap { $0["classification"] as? String }.contains("saddle") == true, "\(result.stdout)")
    }
}

extension NewUserDefectsTests {
    @Test func aKineticsWithoutAGridRunsWellMixedAndDrawsItsPhasePortrait() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-portrait-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try cli.ecodyn(["run", examples.appendingPathComponent("brusselator-well-mixed.toml").path, "--out", out.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        let trajectories = summary?["trajectories"] as? [[String: Any]] ?? []
        // b = 2.5 > b_H = 2: every start ends on the limit cycle, so all swing by the same amount in u.
        let amplitudes = trajectories.compactMap { $0["amplitude_u"] as? Double }
        #expect(amplitudes.count == 8 && amplitudes.allSatisfy { abs($0 - amplitudes[0]) < 0.01 * amplitudes[0] && $0 > 1 }, "\(amplitudes)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("phase.svg").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("trajectories.npy").path))
    }
}
