import EcodynFiles
import EcodynCore
import Foundation

/// A Slurm job array task, read from the environment Slurm gives it: shard K of N with
/// K = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and N = SLURM_ARRAY_TASK_COUNT, and the cores
/// SLURM_CPUS_PER_TASK.
public struct SlurmArrayTask: Sendable, Equatable {
    public var shard: Int, shards: Int
    public var cpus: Int?

    /// The task described by `environment`, or nil outside a job array.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        // Slurm's numbers are small; anything outside 0 ..< 2^40 is not a job array's.
        let number = { (key: String) in environment[key].flatMap(Int.init).flatMap { (0..<(1 << 40)).contains($0) ? $0 : nil } }
        guard let id = number("SLURM_ARRAY_TASK_ID"), let count = number("SLURM_ARRAY_TASK_COUNT"), count >= 1 else { return nil }
        let first = number("SLURM_ARRAY_TASK_MIN") ?? 0
        guard id - first >= 0, id - first < count else { return nil }
        (shard, shards) = (id - first, count)
        cpus = number("SLURM_CPUS_PER_TASK").flatMap { (1...4096).contains($0) ? $0 : nil }
    }

    /// The shard file of `output` for shard K of N: `results.sqlite` → `results.shard-K-of-N.sqlite`.
    public static func shardFile(_ output: String, shard: Int, of shards: Int) -> String {
        let url = URL(fileURLWithPath: output)
        let stem = url.deletingPathExtension().lastPathComponent, ext = url.pathExtension.isEmpty ? "sqlite" : url.pathExtension
        let name = "\(stem).shard-\(shard)-of-\(shards).\(ext)"
        return output.contains("/") ? url.deletingLastPathComponent().appendingPathComponent(name).path : name
    }

    /// The pattern that matches every shard file of `output` for N shards.
    public static func shardPattern(_ output: String, shards: Int) -> String {
        shardFile(output, shard: 0, of: shards).replacingOccurrences(of: ".shard-0-of-", with: ".shard-*-of-")
    }
}

/// The sbatch scripts that run a sweep as a Slurm job array and merge its shards afterwards.
public struct SlurmScripts: Sendable {
    public var executable: String, spec: String, output: String
    public var tasks: Int, cpusPerTask: Int
    public var partition: String?, timeLimit: String?

    /// The scripts for these settings. Everything written into a script is checked first: paths
    /// carry no control characters (they are single-quoted in commands), the folder of `output`
    /// (written into `#SBATCH --output`, which Slurm splits at spaces) has no spaces or quotes,
    /// and the partition and time limit are Slurm words (letters, digits, `_ - . : ,`).
    public init(executable: String, spec: String, output: String, tasks: Int, cpusPerTask: Int, partition: String? = nil,
                timeLimit: String? = nil) throws(OutputPathError) {
        for (option, path) in [("the executable", executable), ("SPEC", spec), ("--out", output)]
        where path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw OutputPathError(option: option, "the path contains a control character (newline, tab, …), which a job script cannot carry; rename it")
        }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        guard !folder.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\\" }) else {
            throw OutputPathError(option: "--out", "the folder '\(folder)' contains a space, quote or backslash, which #SBATCH lines cannot carry; use a folder without them")
        }
        let word = /^[A-Za-z0-9_.:,-]+$/
        for (option, value) in [("--partition", partition), ("--time", timeLimit)] {
            if let value, value.wholeMatch(of: word) == nil {
                throw OutputPathError(option: option, "'\(value)' is not a Slurm value (letters, digits and _ - . : , only)")
            }
        }
        (self.executable, self.spec, self.output, self.tasks, self.cpusPerTask, self.partition, self.timeLimit) =
            (executable, spec, output, tasks, cpusPerTask, partition, timeLimit)
    }

    /// The sweep's name: the results file without its extension.
    public var name: String { URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent }

    private func header(_ job: String, extra: [String]) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(job)", "#SBATCH --cpus-per-task=\(cpusPerTask)"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        return (lines + extra).joined(separator: "\n")
    }

    /// The array script: task K runs shard K of N into its own shard file (the sweep reads the
    /// task from Slurm's environment) and resumes it if it already has points.
    public var arrayScript: String {
        header("ecodyn-\(name)", extra: ["#SBATCH --array=0-\(tasks - 1)",
                                         "#SBATCH --output=\(URL(fileURLWithPath: output).deletingLastPathComponent().path)/slurm-\(name)-%A_%a.out"])
            + "\n\nset -euo pipefail\nexec \(quote(executable)) sweep \(quote(spec)) --out \(quote(output)) --quiet\n"
    }

    /// The merge script, to run after the array succeeds (`--dependency=afterok:ARRAY`).
    public var mergeScript: String {
        header("ecodyn-\(name)-merge", extra: ["#SBATCH --output=\(URL(fileURLWithPath: output).deletingLastPathComponent().path)/slurm-\(name)-merge-%j.out"])
            + "\n\nset -euo pipefail\nexec \(quote(executable)) merge \(quote(SlurmArrayTask.shardPattern(output, shards: tasks))) -o \(quote(output))\n"
    }

    func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
