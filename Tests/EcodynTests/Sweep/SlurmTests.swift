import Testing
@testable import Ecodyn

struct SlurmTests {
    @Test func arrayTasksComeFromSlurmsEnvironment() {
        let task = SlurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5",
                                                "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_CPUS_PER_TASK": "3"])
        #expect(task == SlurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_CPUS_PER_TASK": "3"]))
        #expect(task?.shard == 2 && task?.shards == 4 && task?.cpus == 3)
        #expect(SlurmArrayTask(environment: [:]) == nil)
        #expect(SlurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"]) == nil)
    }

    @Test func shardFilesAndTheirPattern() {
        #expect(SlurmArrayTask.shardFile("results.sqlite", shard: 2, of: 4) == "results.shard-2-of-4.sqlite")
        #expect(SlurmArrayTask.shardFile("/data/run/all.db", shard: 0, of: 16) == "/data/run/all.shard-0-of-16.db")
        #expect(SlurmArrayTask.shardPattern("/data/run/all.sqlite", shards: 3) == "/data/run/all.shard-*-of-3.sqlite")
    }

    @Test func scriptsRunTheArrayAndMergeItsShards() throws {
        let s = try SlurmScripts(executable: "/opt/ecodyn", spec: "/w/spec.toml", output: "/w/out/r.sqlite", tasks: 4, cpusPerTask: 2, partition: "short", timeLimit: "00:10:00")
        #expect(s.arrayScript.contains("#SBATCH --array=0-3"))
        #expect(s.arrayScript.contains("#SBATCH --cpus-per-task=2") && s.arrayScript.contains("#SBATCH --partition=short") && s.arrayScript.contains("#SBATCH --time=00:10:00"))
        #expect(s.arrayScript.contains("exec '/opt/ecodyn' sweep '/w/spec.toml' --out '/w/out/r.sqlite' --quiet"))
        #expect(s.mergeScript.contains("exec '/opt/ecodyn' merge '/w/out/r.shard-*-of-4.sqlite' -o '/w/out/r.sqlite'"))
    }
}
