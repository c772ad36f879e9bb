import Testing
@testable import EcodynCore
import EcodynTestSupport

/// gemv and gemm against hand-worked products and a plain triple loop (an independent implementation).
struct BLASProductsTests {
    /// Naive i-j-k product, the reference.
    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var s = 0.0
                for k in 0..<a.columns { s += a[i, k] * b[k, j] }
                c[i, j] = s
            }
        }
        return c
    }

    /// A deterministic matrix with entries in [−1, 1).
    func sample(_ rows: Int, _ columns: Int, stream: UInt64) -> Matrix {
        let random = CounterRandom(stream: stream)
        var m = Matrix(rows: rows, columns: columns)
        for k in 0..<(rows * columns) { m.elements[k] = 2 * random.uniform(UInt64(k)) - 1 }
        return m
    }

    @Test func nestedRowsAreReadRowByRowIntoColumnMajorStorage() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.elements == [1, 4, 2, 5, 3, 6])
        #expect(m[1, 2] == 6)
        #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
    }

    @Test func raggedRowsAreRejected() {
        #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 2], [3]]) }
    }

    @Test func gemvMatchesHandComputedProduct() throws {
        // [[1, 2], [3, 4]] · [5, 6] = [1·5 + 2·6, 3·5 + 4·6] = [17, 39]
        let y = try Matrix([[1, 2], [3, 4]]).multiplied(by: [5, 6])
        #expect(y == [17, 39])
    }

    @Test func gemvTransposedAndAccumulating() throws {
        let a = try Matrix([[1, 2], [3, 4], [5, 6]])
        let x: [Double] = [1, -1, 2]
        var y: [Double] = [10, 20]
        // Aᵀx = [1 − 3 + 10, 2 − 4 + 12] = [8, 10]; y ← 2·Aᵀx + 0.5·y = [21, 30]
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in a.multiply(xp, into: yp, transpose: .transposed, alpha: 2, beta: 0.5) }
        }
        #expect(y == [21, 30])
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 2), (17, 9, 33), (64, 64, 64)])
    func gemmMatchesNaiveProduct(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        let a = sample(m, k, stream: 1), b = sample(k, n, stream: 2)
        let c = try a.multiplied(by: b)
        #expect(allClose(c.elements, naiveProduct(a, b).elements, rtol: 1e-13, atol: 1e-13))
    }

    @Test func gemmWithTransposesAndBeta() throws {
        let a = sample(4, 3, stream: 3), b = sample(5, 4, stream: 4)
        var c = sample(3, 5, stream: 5)
        let expected = naiveProduct(a.transposed, b.transposed)
        let before = c
        try Matrix.multiply(a, b, into: &c, transposeA: .transposed, transposeB: .transposed, alpha: -1, beta: 2)
        for k in c.elements.indices {
            #expect(isClose(c.elements[k], 2 * before.elements[k] - expected.elements[k], atol: 1e-13))
        }
    }

    @Test func gemmRejectsMismatchedShapes() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).multiplied(by: Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).multiplied(by: [1, 2]) }
    }
}
