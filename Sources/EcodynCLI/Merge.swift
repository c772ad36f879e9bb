import ArgumentParser
import Ecodyn

/// `ecodyn merge a.sqlite b.sqlite … -o all.sqlite`: shards back into one results file.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the shard files of one sweep, checking that every point is there exactly once.")

    @Argument(help: "The shard files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The merged results file.")
    var output: String

    func run() throws {
        let total = try reportingErrors(in: inputs.joined(separator: ", ")) { try SweepFiles.merge(inputs, into: output) }
        emit("merged \(inputs.count) files: \(total) points, each exactly once → \(output)")
    }
}
