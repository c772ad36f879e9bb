import EcodynCore
import Foundation

/// How much memory a request may take, checked before allocating: a request the machine cannot
/// hold is refused with its size and the fix, instead of the process being killed.
///
/// The budget is the smallest of the memory the system reports available (`MemAvailable`),
/// what the process's memory cgroup still allows (a Slurm job's `--mem`, a container's limit:
/// its limit less what it uses, reclaimable page cache not counted; cgroup v1 and v2), and
/// what the address-space limit (`ulimit -v`) still allows this process.
public enum MemoryBudget {
    /// Bytes this process may still allocate.
    public static var available: Int {
        var budget = min(systemAvailable ?? Int.max, cgroupAvailable ?? Int.max)
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) {
            budget = min(budget, max(0, Int(limit.rlim_cur) - (virtualSize ?? 0)))
        }
        return budget
    }

    /// Throws a ``SpecError`` naming `key` when `bytes` (nil: more than can be counted) exceeds
    /// the budget: "`what` needs about 20.0 GB; 3.1 GB are available; `fix`".
    public static func check(_ bytes: Int?, for what: String, key: String, fix: String) throws(SpecError) {
        let budget = available
        guard let bytes, bytes <= budget else {
            let need = bytes.map { "about \(format($0))" } ?? "more memory than can be counted"
            throw SpecError(key: key, "\(what) needs \(need); \(format(budget)) are available; \(fix)")
        }
    }

    /// A byte count for people: 1.5 GB, 20.0 MB, 512 B.
    public static func format(_ bytes: Int) -> String {
        let units = [(1 << 40, "TB"), (1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")]
        for (size, unit) in units where bytes >= size { return String(format: "%.1f %@", Double(bytes) / Double(size), unit) }
        return "\(bytes) B"
    }

    private static var systemAvailable: Int? { meminfo("/proc/meminfo", "MemAvailable:") }

    /// The memory cgroup's limit less its usage (without inactive page cache), when it has a limit.
    private static var cgroupAvailable: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { continue }
            let (folder, limitFile, usageFile, cacheKey): (String, String, String, String)
            if parts[0] == "0", parts[1].isEmpty {
                (folder, limitFile, usageFile, cacheKey) = ("/sys/fs/cgroup" + parts[2], "memory.max", "memory.current", "inactive_file")
            } else if parts[1].split(separator: ",").contains("memory") {
                (folder, limitFile, usageFile, cacheKey) = ("/sys/fs/cgroup/memory" + parts[2], "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
            } else { continue }
            func number(_ file: String) -> Int? {
                (try? String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            guard let limit = number(limitFile), limit < 1 << 62, let usage = number(usageFile) else { continue }
            let stat = (try? String(contentsOfFile: "\(folder)/memory.stat", encoding: .utf8)) ?? ""
            let cache = stat.split(separator: "\n").first { $0.hasPrefix(cacheKey + " ") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            return max(0, limit - max(0, usage - cache))
        }
        return nil
    }
    private static var virtualSize: Int? { meminfo("/proc/self/status", "VmSize:") }

    /// A "Key:   N kB" line of a /proc file, in bytes.
    private static func meminfo(_ file: String, _ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kB = Int(line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        else { return nil }
        return kB * 1024
    }
}
