import Ecodyn
import Foundation
import Testing

/// Every `examples/*.toml` runs as its header says and matches its stored answer
/// (`Tests/examples/answers/NAME.json`, written by `Tests/examples/reference.py` from
/// independent NumPy/SciPy implementations), within the tolerances stored beside each value.
struct ExampleAnswersTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path))?
        .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted() ?? []

    @Test func everyExampleHasAnAnswer() {
        #expect(Self.examples.count >= 11)
        for name in Self.examples {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Tests/examples/answers/\(name).json").path),
                    "examples/\(name).toml has no answer: run python3 Tests/examples/reference.py \(name)")
        }
    }

    @Test(.disabled(if: ReliabilityTests.sanitized,
                    "under AddressSanitizer and ThreadSanitizer the examples' runs take 5–15 times longer; the plain suite of the same CI compares every example with its answer"),
          arguments: examples)
    func theExampleMatchesItsAnswer(name: String) throws {
        let answerURL = Self.root.appendingPathComponent("Tests/examples/answers/\(name).json")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: answerURL)) as? [String: Any])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-example-\(name)-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = Self.root.appendingPathComponent("examples/\(name).toml").path
        // The subcommand, then the options the example's header gives after the spec.
        let words = try #require(answer["command"] as? [String])
        let command = try #require(words.first), options = Array(words.dropFirst())
        let cli = CommandLineTests()
        switch command {
        case "sweep":
            let run = try cli.ecodyn(["sweep", spec, "--out", out.path + ".sqlite", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            defer { try? FileManager.default.removeItem(atPath: out.path + ".sqlite") }
            let export = try cli.ecodyn(["export", out.path + ".sqlite", "--csv", out.path + ".csv"])
            #expect(export.status == 0, "\(export.stderr)")
            defer { try? FileManager.default.removeItem(atPath: out.path + ".csv") }
            try compareSweep(csv: String(contentsOfFile: out.path + ".csv", encoding: .utf8), answer: answer)
        default:
            let run = try cli.ecodyn([command, spec] + options + ["--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            var parsed = [String: Any]()   // each JSON file read once (a large community's summary has 10⁵ values)
            for check in answer["checks"] as? [[String: Any]] ?? [] { try compare(check, in: out, parsed: &parsed) }
        }
    }

    /// |got − expected| ≤ atol + rtol·|expected|.
    func close(_ got: Double, _ expected: Double, _ check: [String: Any]) -> Bool {
        abs(got - expected) <= (check["atol"] as? Double ?? 0) + (check["rtol"] as? Double ?? 0) * abs(expected)
    }

    func compare(_ check: [String: Any], in out: URL, parsed: inout [String: Any]) throws {
        let file = check["file"] as? String ?? "summary.json"
        let url = out.appendingPathComponent(file)
        if file.hasSuffix(".npy") {
            let array = try NPYArray(contentsOf: url)
            if let expected = check["array"] as? [Double] {
                #expect(array.values.count == expected.count)
                let within = zip(array.values, expected).filter { !close($0, $1, check) }.count
                #expect(within == 0, "\(file): \(within) values outside the tolerance")
            }
            for (key, got) in [("sum", array.values.reduce(0, +)), ("min", array.values.min() ?? 0), ("max", array.values.max() ?? 0)] {
                guard let expected = check[key] as? Double else { continue }
                let ok = close(got, expected, check)
                #expect(ok, "\(file) \(key): \(got) vs \(expected)")
            }
            return
        }
        if parsed[file] == nil { parsed[file] = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) }
        var node: Any = parsed[file]!
        let path = check["path"] as? [Any] ?? []
        for step in path {
            if let key = step as? String, let table = node as? [String: Any], let next = table[key] { node = next }
            else if let index = step as? Int, let list = node as? [Any], index < list.count { node = list[index] }
            else { Issue.record("\(file): no \(path)"); return }
        }
        let place = "\(file) \(path)"
        let ok: Bool
        switch check["value"] {
        case let text as String: ok = node as? String == text
        case let numbers as [Double]:
            let got = node as? [Double] ?? []
            ok = got.count == numbers.count && zip(got, numbers).allSatisfy { close($0, $1, check) }
        case let number as Double: ok = (node as? Double).map { close($0, number, check) } ?? false
        default: ok = false
        }
        #expect(ok, "\(place): got \(String(describing: node)), expected \(String(describing: check["value"]))")
    }

    /// Sweeps: per point (status, counts, exactly; the end spectrum where the run settled), or
    /// aggregates over the map.
    func compareSweep(csv: String, answer: [String: Any]) throws {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }.sorted { Int($0["idx"]!)! < Int($1["idx"]!)! }
        if let expected = answer["rows"] as? [[String: Any]] {
            #expect(rows.count == expected.count)
            let tolerance = (answer["tolerances"] as? [String: [String: Double]])?["end_max_real"] ?? [:]
            for (k, (row, reference)) in zip(rows, expected).enumerated() {
                #expect(row["status"] == reference["status"] as? String, "point \(k)")
                #expect(Int(row["feasible"] ?? "") == reference["feasible"] as? Int, "point \(k) feasible")
                guard reference["status"] as? String == "ok" else { continue }
                if reference["near_threshold"] as? Bool != true {
                    #expect(Int(row["survivors"] ?? "") == reference["survivors"] as? Int, "point \(k) survivors")
                }
                if reference["settled"] as? Bool == true, let got = Double(row["end_max_real"] ?? ""), let value = reference["end_max_real"] as? Double {
                    #expect(close(got, value, tolerance), "point \(k) end_max_real \(got) vs \(value)")
                }
            }
        }
        if let aggregates = answer["aggregates"] as? [String: Any] {
            var counts = [String: Int]()
            for row in rows { counts[row["classification"] ?? "", default: 0] += 1 }
            #expect(counts == aggregates["classification"] as? [String: Int])
            #expect(rows.filter { $0["turing_unstable"] == "1" }.count == aggregates["turing_unstable"] as? Int)
            let sum = rows.reduce(0) { $0 + (Double($1["max_real"] ?? "") ?? .nan) }
            let tolerance = (answer["tolerances"] as? [String: [String: Double]])?["max_real_sum"] ?? [:]
            #expect(close(sum, aggregates["max_real_sum"] as? Double ?? .nan, tolerance), "Σ max_real \(sum)")
        }
    }
}
