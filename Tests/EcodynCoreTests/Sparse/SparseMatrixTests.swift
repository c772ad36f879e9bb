import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

/// The CSR matrix: its construction against the dense matrix it stands for, its products, and
/// its solvers (UMFPACK, GMRES) against LAPACK's dgesv on the same system.
struct SparseMatrixTests {
    /// A diagonally dominant n×n matrix with about `perRow` entries per row, and its dense twin.
    static func system(n: Int, perRow: Int, seed: UInt64, dense: Bool = true) throws -> (SparseMatrix, Matrix) {
        let random = CounterRandom(stream: seed)
        var rows = [Int](), columns = [Int](), values = [Double]()
        for i in 0..<n {
            rows.append(i); columns.append(i); values.append(2 + random.uniform(UInt64(3 * n * perRow + i)))
            for k in 0..<perRow {
                let q = UInt64(i * perRow + k)
                rows.append(i); columns.append(Int(random.uniform(3 * q) * Double(n))); values.append(random.uniform(3 * q + 1) - 0.5)
            }
        }
        let sparse = try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        var twin = Matrix(rows: dense ? n : 0, columns: dense ? n : 0)
        if dense { for k in values.indices { twin[rows[k], columns[k]] += values[k] } }   // repeated entries add
        return (sparse, twin)
    }

    @Test func tripletsAddAndSortAsSciPyDoes() throws {
        // scipy.sparse.coo_matrix(([1, 2, 3, 4], ([1, 0, 1, 1], [2, 1, 0, 2])), shape=(2, 3)).tocsr():
        // indptr [0, 1, 3], indices [1, 0, 2], data [2, 3, 5].
        let a = try SparseMatrix(rows: 2, columns: 3, rowIndices: [1, 0, 1, 1], columnIndices: [2, 1, 0, 2], values: [1, 2, 3, 4])
        #expect(a.rowStart == [0, 1, 3])
        #expect(a.columnIndex == [1, 0, 2])
        #expect(a.values == [2, 3, 5])
        #expect(a[1, 2] == 5 && a[0, 0] == 0)
        #expect(a.transposed.dense == a.dense.transposed)
    }

    @Test func malformedInputIsNamed() {
        #expect(throws: LinearAlgebraError.self) { try SparseMatrix(rows: 2, columns: 2, rowIndices: [2], columnIndices: [0], values: [1]) }
        #expect(throws: LinearAlgebraError.self) { try SparseMatrix(rows: 2, columns: 2, rowIndices: [0], columnIndices: [0], values: [.nan]) }
        #expect(throws: LinearAlgebraError.self) { try SparseMatrix(rows: 2, columns: 2, rowStart: [0, 2, 2], columnIndex: [1, 0], values: [1, 1]) }
    }

    @Test func productAndSubmatrixMatchTheDenseMatrix() throws {
        let (sparse, dense) = try Self.system(n: 300, perRow: 5, seed: 1)
        #expect(sparse.dense == dense)
        let x = (0..<300).map { sin(Double($0)) }
        #expect(allClose(sparse.multiplied(by: x), try dense.multiplied(by: x), rtol: 1e-13, atol: 1e-13))
        let keep = stride(from: 0, to: 300, by: 3).map { $0 }
        var sub = Matrix(rows: keep.count, columns: keep.count)
        for (p, i) in keep.enumerated() { for (q, j) in keep.enumerated() { sub[p, q] = dense[i, j] } }
        #expect(sparse.principalSubmatrix(keep).dense == sub)
    }

    @Test func threadedProductIsBitIdentical() throws {
        let (sparse, _) = try Self.system(n: 40_000, perRow: 6, seed: 2, dense: false)
        #expect(sparse.nonzeroCount >= SparseMatrix.threadedSize)
        let x = (0..<40_000).map { cos(Double($0)) }
        let single = BLASThreads.withSingleThread { sparse.multiplied(by: x) }
        let before = BLASThreads.count
        defer { BLASThreads.set(before) }
        BLASThreads.set(2)
        #expect(sparse.multiplied(by: x) == single)
    }

    @Test func umfpackAndGMRESAgreeWithLAPACK() throws {
        let (sparse, dense) = try Self.system(n: 800, perRow: 8, seed: 3)
        let b = (0..<800).map { 1 + 0.1 * Double($0 % 7) }
        let reference = try dense.solve(b)
        #expect(allClose(try sparse.solve(b), reference, rtol: 1e-10, atol: 1e-12))
        #expect(allClose(try sparse.iterativeSolve(b), reference, rtol: 1e-9, atol: 1e-11))
    }

    @Test func singularSparseSystemIsAnError() throws {
        let a = try SparseMatrix(rows: 2, columns: 2, rowIndices: [0, 0, 1, 1], columnIndices: [0, 1, 0, 1], values: [1, 2, 2, 4])
        #expect(throws: LinearAlgebraError.singular(pivot: 0)) { try a.solve([1, 1]) }
    }
}
