import CEcodynKernels

/// A sparse matrix in compressed sparse rows (CSR), the layout of SciPy's `csr_matrix`: row i's
/// entries are `values[k]` in columns `columnIndex[k]` for k in `rowStart[i]..<rowStart[i+1]`,
/// ascending by column, each (i, j) at most once.
///
/// ```swift
/// let a = try SparseMatrix(rows: 2, columns: 2, rowIndices: [0, 1, 0], columnIndices: [0, 1, 1], values: [2, 3, 1])
/// a[0, 1]                   // 1
/// a.multiplied(by: [1, 1])  // [3, 3]
/// ```
public struct SparseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Where each row's entries start (rows + 1 offsets, the last one the entry count).
    public let rowStart: [Int]
    /// The column of each entry (Int32, as SciPy stores indices below 2³¹).
    public let columnIndex: [Int32]
    /// The value of each entry.
    public let values: [Double]

    /// The number of stored entries.
    public var nonzeroCount: Int { values.count }

    /// A matrix from coordinate triplets (COO, the form of `scipy.sparse.coo_matrix`): entries
    /// given twice add, as SciPy adds them. Throws for indices outside the shape, lists of
    /// different lengths, non-finite values or more than 2³¹ − 1 columns.
    public init(rows: Int, columns: Int, rowIndices: [Int], columnIndices: [Int], values: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, columns <= Int(Int32.max) else {
            throw .shapeMismatch("a sparse matrix needs 0 ≤ rows and 0 ≤ columns < 2³¹, got \(rows)×\(columns)")
        }
        guard rowIndices.count == values.count, columnIndices.count == values.count else {
            throw .shapeMismatch("\(rowIndices.count) row indices, \(columnIndices.count) column indices and \(values.count) values must have one length")
        }
        for k in values.indices {
            guard (0..<rows).contains(rowIndices[k]), (0..<columns).contains(columnIndices[k]) else {
                throw .shapeMismatch("entry \(k) at (\(rowIndices[k]), \(columnIndices[k])) lies outside the \(rows)×\(columns) matrix")
            }
        }
        guard values.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "sparse matrix") }
        // Counting sort by row, then each row sorted by column with repeated columns added.
        var start = [Int](repeating: 0, count: rows + 1)
        for i in rowIndices { start[i + 1] += 1 }
        for i in 0..<rows { start[i + 1] += start[i] }
        var next = start
        var order = [Int](repeating: 0, count: values.count)
        for k in values.indices {
            order[next[rowIndices[k]]] = k
            next[rowIndices[k]] += 1
        }
        var rowStart = [0], columnIndex = [Int32](), merged = [Double]()
        rowStart.reserveCapacity(rows + 1)
        columnIndex.reserveCapacity(values.count)
        merged.reserveCapacity(values.count)
        for i in 0..<rows {
            let entries = order[start[i]..<start[i + 1]].sorted { (columnIndices[$0], $0) < (columnIndices[$1], $1) }
            for k in entries {
                if columnIndex.count > rowStart[i], Int(columnIndex.last!) == columnIndices[k] {
                    merged[merged.count - 1] += values[k]
                } else {
                    columnIndex.append(Int32(columnIndices[k]))
                    merged.append(values[k])
                }
            }
            rowStart.append(columnIndex.count)
        }
        (self.rows, self.columns, self.rowStart, self.columnIndex, self.values) = (rows, columns, rowStart, columnIndex, merged)
    }

    /// A matrix from CSR arrays as SciPy stores them (`indptr`, `indices`, `data`); throws when
    /// they do not describe a rows×columns matrix with ascending, distinct columns in each row.
    public init(rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, rowStart.count == rows + 1, rowStart.first == 0, rowStart.last == values.count,
              columnIndex.count == values.count else {
            throw .shapeMismatch("CSR arrays of a \(rows)×\(columns) matrix need \(rows + 1) row offsets from 0 to the entry count and one column per value")
        }
        for i in 0..<rows {
            guard rowStart[i] <= rowStart[i + 1] else { throw .shapeMismatch("row offsets must not decrease (row \(i))") }
            var previous = -1
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = Int(columnIndex[k])
                guard j > previous, j < columns else {
                    throw .shapeMismatch("row \(i): columns must ascend without repeats and lie in 0..<\(columns), got \(j)")
                }
                previous = j
            }
        }
        guard values.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "sparse matrix") }
        (self.rows, self.columns, self.rowStart, self.columnIndex, self.values) = (rows, columns, rowStart, columnIndex, values)
    }

    /// The nonzero entries of a dense matrix.
    public init(_ dense: Matrix) {
        var rowStart = [0], columnIndex = [Int32](), values = [Double]()
        for i in 0..<dense.rows {
            for j in 0..<dense.columns where dense[i, j] != 0 {
                columnIndex.append(Int32(j))
                values.append(dense[i, j])
            }
            rowStart.append(values.count)
        }
        (rows, columns, self.rowStart, self.columnIndex, self.values) = (dense.rows, dense.columns, rowStart, columnIndex, values)
    }

    /// A matrix with the same entries as `self` and new values (one per stored entry, in order).
    public func with(values newValues: [Double]) throws(LinearAlgebraError) -> SparseMatrix {
        guard newValues.count == values.count else { throw .shapeMismatch("expected \(values.count) values (one per stored entry), got \(newValues.count)") }
        return try SparseMatrix(rows: rows, columns: columns, rowStart: rowStart, columnIndex: columnIndex, values: newValues)
    }

    /// The position of entry (i, j) among the stored ones, or nil when it is not stored.
    public func entryIndex(_ i: Int, _ j: Int) -> Int? {
        guard (0..<rows).contains(i), j >= 0, j <= Int(Int32.max) else { return nil }
        var (low, high) = (rowStart[i], rowStart[i + 1])
        let column = Int32(j)
        while low < high {
            let middle = (low + high) / 2
            if columnIndex[middle] < column { low = middle + 1 } else { high = middle }
        }
        return low < rowStart[i + 1] && columnIndex[low] == column ? low : nil
    }

    /// Entry (i, j): its stored value, or 0.
    public subscript(i: Int, j: Int) -> Double { entryIndex(i, j).map { values[$0] } ?? 0 }

    /// The diagonal (min(rows, columns) entries).
    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// The dense copy (rows × columns doubles: for checks and small matrices).
    public var dense: Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in 0..<rows { for k in rowStart[i]..<rowStart[i + 1] { m[i, Int(columnIndex[k])] = values[k] } }
        return m
    }

    /// The transpose, in CSR (the matrix's compressed columns).
    public var transposed: SparseMatrix {
        var rowIndices = [Int](), columnIndices = [Int]()
        rowIndices.reserveCapacity(values.count)
        columnIndices.reserveCapacity(values.count)
        for i in 0..<rows { for k in rowStart[i]..<rowStart[i + 1] { rowIndices.append(Int(columnIndex[k])); columnIndices.append(i) } }
        return try! SparseMatrix(rows: columns, columns: rows, rowIndices: rowIndices, columnIndices: columnIndices, values: values)
    }

    /// The principal submatrix on `indices` (ascending, distinct, within the rows of a square matrix).
    public func principalSubmatrix(_ indices: [Int]) -> SparseMatrix {
        var position = [Int](repeating: -1, count: columns)
        for (p, i) in indices.enumerated() { position[i] = p }
        var rowStart = [0], columnIndex = [Int32](), values = [Double]()
        for i in indices {
            for k in self.rowStart[i]..<self.rowStart[i + 1] where position[Int(self.columnIndex[k])] >= 0 {
                columnIndex.append(Int32(position[Int(self.columnIndex[k])]))
                values.append(self.values[k])
            }
            rowStart.append(values.count)
        }
        return try! SparseMatrix(rows: indices.count, columns: indices.count, rowStart: rowStart, columnIndex: columnIndex, values: values)
    }

    /// y = A·x (`x` has `columns` entries, `y` `rows`; they must not overlap): the C SIMD kernel
    /// `ek_csr_multiply`, its rows split among OpenBLAS's thread count (one inside a parallel
    /// region, per ``BLASThreads``) when the matrix is large enough to pay for threads.
    public func multiply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { multiply(x, into: y, values: $0.baseAddress!) { _ in } }
    }

    /// y = A·x, then `finishing(rows)` on each block of rows as soon as its products are done
    /// (on the thread that computed them, while they are in its cache): a field's element-wise part.
    public func multiply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, finishing: (Range<Int>) -> Void) {
        values.withUnsafeBufferPointer { multiply(x, into: y, values: $0.baseAddress!, finishing: finishing) }
    }

    /// y = A·x with other values on the same entries (a driven δ's current values).
    func multiply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, values: UnsafePointer<Double>,
                  finishing: (Range<Int>) -> Void) {
        let threads = nonzeroCount >= Self.threadedSize ? BLASThreads.count : 1
        rowStart.withUnsafeBufferPointer { starts in
            columnIndex.withUnsafeBufferPointer { columns in
                let (s, c) = (starts.baseAddress!, columns.baseAddress!)
                // Blocks of about equal entries.
                ParallelLoop.rowBlocks(rows, threads: threads, end: { rowAtEntry(nonzeroCount * $0 / $1) }) { block in
                    ek_csr_multiply(block.lowerBound, block.upperBound, s, c, values, x, y)
                    finishing(block)
                }
            }
        }
    }

    /// The product with a vector, as a new array.
    public func multiplied(by x: [Double]) -> [Double] {
        precondition(x.count == columns, "a \(rows)×\(columns) matrix multiplies \(columns) values")
        var y = [Double](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { multiply(xp.baseAddress!, into: $0.baseAddress!) } }
        return y
    }

    /// Above this many entries a product is split among threads (about 0.1 ms of work).
    static let threadedSize = 100_000

    /// The row of the k-th stored entry.
    public func rowOf(entry k: Int) -> Int { rowAtEntry(k) }

    /// The first row whose entries reach past entry `k`.
    private func rowAtEntry(_ k: Int) -> Int {
        var (low, high) = (0, rows)
        while low < high {
            let middle = (low + high) / 2
            if rowStart[middle + 1] <= k { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
