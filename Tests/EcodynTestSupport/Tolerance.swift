/// Test helpers shared by the test targets.
/// Tolerance-aware comparison for tests: |a − b| ≤ atol + rtol·|b|.
public func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-12, atol: Double = 1e-12) -> Bool {
    abs(a - b) <= atol + rtol * abs(b)
}

/// Element-wise `isClose` for equal-length arrays.
public func allClose(_ a: [Double], _ b: [Double], rtol: Double = 1e-12, atol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, rtol: rtol, atol: atol) }
}
