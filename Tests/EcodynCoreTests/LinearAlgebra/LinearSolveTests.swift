import Testing
@testable import EcodynCore
import EcodynTestSupport

struct LinearSolveTests {
    @Test func twoByTwoByCramersRule() throws {
        // [[2, 1], [1, 3]] x = [3, 5]: det = 5, x₁ = (3·3 − 1·5)/5 = 4/5, x₂ = (2·5 − 1·3)/5 = 7/5.
        let x = try Matrix([[2, 1], [1, 3]]).solve([3, 5])
        #expect(allClose(x, [0.8, 1.4], rtol: 1e-15, atol: 1e-15))
    }

    @Test func hilbertSystemWithExactInverse() throws {
        // H₃ = [1/(i+j+1)], whose exact inverse is [[9, −36, 30], [−36, 192, −180], [30, −180, 180]];
        // so H₃ x = [1, 0, 0] has x = the first column of H₃⁻¹ = [9, −36, 30].
        let h = try Matrix((0..<3).map { i in (0..<3).map { j in 1 / Double(i + j + 1) } })
        let x = try h.solve([1, 0, 0])
        #expect(allClose(x, [9, -36, 30], rtol: 1e-12))
    }

    @Test func severalRightHandSides() throws {
        let a = try Matrix([[4, -2, 1], [-2, 4, -2], [1, -2, 4]])
        let b = Matrix.identity(3)
        let inverse = try a.solve(b)
        let product = try a.multiplied(by: inverse)
        #expect(allClose(product.elements, Matrix.identity(3).elements, atol: 1e-14))
    }

    @Test func singularSystemIsAClearError() throws {
        // The second row is twice the first: rank 1, so U(2, 2) = 0 after elimination.
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) { try Matrix([[1, 2], [2, 4]]).solve([1, 2]) }
    }

    @Test func nonFiniteInputIsRejected() throws {
        #expect(throws: LinearAlgebraError.nonFinite(operation: "solve")) { try Matrix([[1, .nan], [0, 1]]).solve([1, 2]) }
    }

    @Test func shapeErrorsNameTheShapes() throws {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).solve([1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix.identity(2).solve([1, 2, 3]) }
    }
}
