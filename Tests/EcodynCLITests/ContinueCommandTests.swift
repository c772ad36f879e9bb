import Foundation
import Testing

/// `ecodyn continue`: the report, the files, the closed forms it must find, and bad input.
struct ContinueCommandTests {
    let cli = CommandLineTests()

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func brusselatorHopfPointAndItsCurveInTwoParameters() throws {
        let dir = try cli.folder(with: """
        [model]
        kind = "brusselator"
        a = 1.5
        b = 1.0
        """)
        let result = try cli.ecodyn(["continue", "spec.toml", "--parameter", "model.b", "--to", "5", "--second", "model.a", "--second-to", "2",
                                     "--json", "--out", "c"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        let events = try #require(report["bifurcations"] as? [[String: Any]])
        #expect(events.count == 1)
        let hopf = try #require(events.first)
        #expect(hopf["type"] as? String == "hopf")
        #expect(abs((hopf["parameter_value"] as? Double ?? 0) - (1 + 1.5 * 1.5)) < 1e-8)   // b_H = 1 + a²
        #expect(abs((hopf["frequency"] as? Double ?? 0) - 1.5) < 1e-8)                     // ω = a
        #expect((hopf["first_lyapunov"] as? Double ?? 1) < 0)
        let branch = try #require((report["branches"] as? [[String: Any]])?.first)
        let points = try #require(branch["points"] as? [[String: Any]])
        #expect(points.allSatisfy { $0["stable"] as? Bool == (($0["parameter_value"] as? Double ?? 0) < 3.25 + 1e-6) || abs(($0["parameter_value"] as? Double ?? 0) - 3.25) < 1e-6 })
        for file in ["branches.json", "diagram.svg", "diagram.png", "curves.json", "curves.svg", "curves.png"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("c/\(file)").path), "\(file)")
        }
        let curves = try json(String(decoding: try Data(contentsOf: dir.appendingPathComponent("c/curves.json")), as: UTF8.self))
        let curve = try #require((curves["curves"] as? [[String: Any]])?.first?["points"] as? [[String: Any]])
        for p in curve {
            let (a, b) = (p["second"] as? Double ?? .nan, p["first"] as? Double ?? .nan)
            #expect(abs(b - (1 + a * a)) < 1e-8 * (1 + a * a))
        }
    }

    @Test func aCommunityMemberLeavesAtTheClosedFormThreshold() throws {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/community-duo.toml").path
        let dir = try cli.folder(with: "")
        let result = try cli.ecodyn(["continue", spec, "--parameter", "model.delta[0][1]", "--to", "2", "--out", "duo"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        // K' = (9, 7): member 0 dies out at δ₀₁ = K'₀/K'₁ = 9/7 = 1.2857142857.
        #expect(result.stdout.contains("transcritical at model.delta[0][1] = 1.285714286 (member 0 leaves)"))
        #expect(result.stdout.contains("branch 2 (members 1)"))
    }

    @Test func badInputIsOneLineNamingTheOption() throws {
        let dir = try cli.folder(with: "[model]\nkind = \"brusselator\"\na = 1.0\nb = 1.0\n")
        // Usage errors exit 64 with the usage line (as every command's); spec-level ones exit 2 in one line.
        for (arguments, named, status) in [(["--parameter", "model.c", "--to", "3"], "--parameter", Int32(2)),
                                           (["--parameter", "model.b", "--to", "3", "--from", "1,2,3"], "--from", 2),
                                           (["--parameter", "model.b", "--to", "3", "--show", "w"], "--show", 2),
                                           (["--parameter", "model.b", "--to", "3", "--second", "model.c", "--second-to", "2"], "--second", 2),
                                           (["--parameter", "model.b", "--to", "nan"], "--to", 64),
                                           (["--parameter", "model.b", "--to", "3", "--from", "1,x"], "--from", 64),
                                           (["--parameter", "model.b", "--to", "3", "--second", "model.a"], "--second", 64)] {
            let result = try cli.ecodyn(["continue", "spec.toml"] + arguments + ["--out", "x"], in: dir)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(named), "\(arguments): \(result.stderr)")
            if status == 2 { #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        }
    }
}
