import Foundation

/// How much memory a request may take, checked before allocating: a request the machine cannot
/// hold is refused with its size and the fix, instead of the process being killed.
///
/// The budget is the smaller of the memory the system reports available (`MemAvailable`) and
/// what the address-space limit (`ulimit -v`) still allows this process.
public enum MemoryBudget {
    /// Bytes this process may still allocate.
    public static var available: Int {
        var budget = systemAvailable ?? Int.max
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) {
            budget = min(budget, max(0, Int(limit.rlim_cur) - (virtualSize ?? 0)))
        }
        return budget
    }

    /// The product of `factors` (counts and element sizes), or nil when it overflows.
    public static func bytes(_ factors: Int...) -> Int? { bytes(factors) }

    /// The product of `factors`, or nil when one is negative or the product overflows.
    public static func bytes(_ factors: [Int]) -> Int? {
        var total = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            total = product
        }
        return total
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
