import CEcodynKernels

/// A dense square matrix kept in float32, row by row: half the memory of ``Matrix``, for
/// communities too large to hold δ in float64 (n ≈ 3·10⁴ in 3.6 GB). Products run in float64 on
/// the widened entries (the C kernel `ek_dense_f32_multiply`), so the only error is each entry's
/// rounding to float32: a relative 2⁻²⁴ ≈ 6·10⁻⁸.
public struct SinglePrecisionMatrix: Sendable, Equatable {
    /// n, the rows and columns.
    public let size: Int
    /// The entries row by row, rounded to float32.
    public let entries: [Float]

    /// `matrix` (square) with each entry rounded to the nearest float32; throws for an entry
    /// beyond float32's range (|x| > 3.4·10³⁸).
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.isSquare else { throw .shapeMismatch("single precision storage needs a square matrix, got \(matrix.rows)×\(matrix.columns)") }
        let n = matrix.rows
        var entries = [Float](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { entries[i * n + j] = Float(matrix.elements[i + j * n]) } }
        try self.init(size: n, entries: entries)
    }

    /// The n×n matrix of `entries`, row by row; throws for a count other than n² or an entry
    /// that is not finite.
    public init(size n: Int, entries: [Float]) throws(LinearAlgebraError) {
        guard n >= 0, entries.count == n * n else { throw .shapeMismatch("a \(n)×\(n) matrix needs \(n * n) entries, got \(entries.count)") }
        guard entries.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "single precision storage (an entry beyond float32's range)") }
        (size, self.entries) = (n, entries)
    }

    /// Entry (i, j), widened to float64.
    public subscript(i: Int, j: Int) -> Double { Double(entries[i * size + j]) }

    /// The float64 copy (n² doubles).
    public var dense: Matrix {
        var m = Matrix(rows: size, columns: size)
        for i in 0..<size { for j in 0..<size { m[i, j] = Double(entries[i * size + j]) } }
        return m
    }

    /// Above this many entries a product is split among threads.
    static let threadedSize = 100_000
}

extension SinglePrecisionMatrix: InteractionOperator {
    public var diagonal: [Double] { (0..<size).map { self[$0, $0] } }

    /// y = A·x, rows split among OpenBLAS's thread count (one inside a parallel region) for large n.
    public func multiply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        let n = size
        let threads = n * n >= Self.threadedSize ? BLASThreads.count : 1
        entries.withUnsafeBufferPointer { a in
            ParallelLoop.rowBlocks(n, threads: threads, end: { $0 * n / $1 }) { block in
                ek_dense_f32_multiply(block.lowerBound, block.upperBound, n, a.baseAddress, x, y)
            }
        }
    }
}
