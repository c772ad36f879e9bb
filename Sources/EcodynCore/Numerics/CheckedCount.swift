/// Counts and byte sizes computed without overflow: a size that cannot be counted is nil (or
/// saturates), so that it is refused instead of trapping.
public enum CheckedCount {
    /// The product of `factors` (counts and element sizes), or nil when it overflows.
    public static func product(_ factors: Int...) -> Int? { product(factors) }

    /// The product of `factors`, or nil when one is negative or the product overflows.
    public static func product(_ factors: [Int]) -> Int? {
        var total = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// a + b, or Int.max when it overflows (so that a byte count built from it is refused).
    public static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}
