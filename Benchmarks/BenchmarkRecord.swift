import Ecodyn

/// One result line, in the schema of `shared/peers/run_peers.py` with `impl` in place of `peer`:
/// `workload`, `impl`, `seconds` (best of the repeats), the workload's figures, `checksum`.
public struct BenchmarkRecord: Sendable {
    public var workload: String
    public var impl: String
    public var seconds: Double
    /// Throughput figures and statistics, in print order.
    public var figures: [(String, JSONValue)]
    public var checksum: JSONValue

    public var json: JSONValue {
        .object([("workload", .string(workload)), ("impl", .string(impl)), ("seconds", .number(seconds))]
                + figures + [("checksum", checksum)])
    }
}

/// A canonical workload of `shared/peers/workloads.py`.
public protocol Workload: Sendable {
    /// The short name used on the command line ("W5").
    var id: String { get }
    /// The name printed in records ("W5 eig-dense").
    var name: String { get }
    /// Runs the workload `repeats` times and reports the best time.
    func run(repeats: Int) throws -> [BenchmarkRecord]
}

/// Every workload Ecodyn implements, in order.
public enum Workloads {
    public static let all: [any Workload] = [GLVSingle(), GLVSparse(), GLVAuto(), GLVEnsemble(), SDEEnsemble(), Brusselator2D(), StabilityMap(), EigDense(), SweepCommunities(), CommunityBranch()]

    /// The workloads named by `ids` (all when empty), or nil with the unknown name.
    public static func select(_ ids: [String]) -> Result<[any Workload], UnknownWorkload> {
        if ids.isEmpty { return .success(all) }
        var chosen = [any Workload]()
        for id in ids {
            guard let w = all.first(where: { $0.id.lowercased() == id.lowercased() }) else {
                return .failure(UnknownWorkload(name: id))
            }
            chosen.append(w)
        }
        return .success(chosen)
    }
}

/// A workload name that `ecodyn bench` does not know.
public struct UnknownWorkload: Error, CustomStringConvertible {
    public var name: String
    public var description: String {
        "unknown workload '\(name)'; this build has: \(Workloads.all.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))"
    }
}
