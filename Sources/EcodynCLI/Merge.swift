import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn merge a.sqlite b.sqlite … -o all.sqlite`: shards back into one results file.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the shard files of one sweep, checking that every point is there exactly once.")

    @Argument(help: "The shard files, or patterns such as 'results.shard-*-of-4.sqlite'.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The merged results file.")
    var output: String

    func run() throws {
        let files = inputs.flatMap(expand)
        let total = try reportingErrors(in: nil) { () throws -> Int in
            guard !files.isEmpty else { throw SweepError("no shard file matches \(inputs.joined(separator: ", "))") }
            return try SweepFiles.merge(files, into: output)
        }
        emit("merged \(files.count) files: \(total) points, each exactly once → \(output)")
    }

    /// A pattern with * or ? as the sorted files it matches; anything else as it is.
    func expand(_ pattern: String) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") else { return [pattern] }
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
