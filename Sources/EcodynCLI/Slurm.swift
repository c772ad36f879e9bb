import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn slurm SPEC --tasks N [--submit]`: a sweep as a Slurm job array plus a merge job.
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write (and with --submit, submit) sbatch scripts that run a sweep as a Slurm job array and merge its shards.",
        discussion: "Task K of the array runs shard K of N into OUT.shard-K-of-N.sqlite; a second job, dependent on the array (afterok), merges them into OUT. Submitting again resumes: finished shards and points are skipped. See docs/cluster.md.")

    @Argument(help: "The TOML spec file of the sweep.")
    var spec: String

    @Option(help: "The number of array tasks (shards).")
    var tasks: Int

    @Option(help: "The merged results file.")
    var out = "results.sqlite"

    @Option(help: "Cores per task.")
    var cpusPerTask = 1

    @Option(help: "The Slurm partition.")
    var partition: String?

    @Option(help: "The time limit per task, as Slurm takes it (e.g. 01:00:00).")
    var time: String?

    @Flag(help: "Submit the two jobs with sbatch.")
    var submit = false

    func validate() throws {
        guard (1...1_000_000).contains(tasks) else { throw ValidationError("--tasks takes 1 to 1000000 tasks, got \(tasks)") }
        guard (1...4096).contains(cpusPerTask) else { throw ValidationError("--cpus-per-task takes 1 to 4096, got \(cpusPerTask)") }
    }

    func run() throws {
        // Check the sweep before writing anything.
        let table = try reportingErrors(in: spec) { try SpecTable.load(spec) }
        let plan = try reportingErrors(in: spec) { try SweepPlan(spec: table) }
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let executable = absolute(CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : Bundle.main.executablePath ?? "ecodyn")
        let folder = URL(fileURLWithPath: absolute(out)).deletingLastPathComponent()
        let (arrayPath, mergePath) = try reportingErrors(in: spec) { () throws -> (String, String) in
            try OutputPath.checkFile(out, option: "--out", example: "results.sqlite", creatingFolder: true)
            let scripts = try SlurmScripts(executable: executable, spec: absolute(spec), output: absolute(out), tasks: tasks,
                                           cpusPerTask: cpusPerTask, partition: partition, timeLimit: time)
            let arrayPath = folder.appendingPathComponent("\(scripts.name).array.sbatch").path
            let mergePath = folder.appendingPathComponent("\(scripts.name).merge.sbatch").path
            try FileIO.write(scripts.arrayScript, to: arrayPath)
            try FileIO.write(scripts.mergeScript, to: mergePath)
            return (arrayPath, mergePath)
        }
        emit("\(plan.space.count) points in \(tasks) tasks of about \((plan.space.count + tasks - 1) / tasks) points; wrote \(arrayPath) and \(mergePath)")
        guard submit else {
            emit("submit with:\n  array=$(sbatch --parsable \(arrayPath))\n  sbatch --dependency=afterok:${array%%;*} \(mergePath)")
            return
        }
        let array = try sbatch([arrayPath])
        let merge = try sbatch(["--dependency=afterok:\(array)", mergePath])
        emit("submitted array job \(array) and merge job \(merge) (after the array succeeds) → \(absolute(out))")
    }

    /// Runs sbatch --parsable and returns the job id.
    func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable"] + arguments
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let id = output.split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else {
            FileHandle.standardError.write(Data("ecodyn: error: sbatch failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))\n".utf8))
            throw ExitCode(1)
        }
        return id
    }
}
