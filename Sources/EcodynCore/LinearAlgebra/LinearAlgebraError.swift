/// What can go wrong in a linear-algebra call; LAPACK's `info ≠ 0` codes arrive here.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Operands whose shapes do not fit the operation.
    case shapeMismatch(String)
    /// The matrix of a linear system is exactly singular: LAPACK found a zero pivot
    /// U(pivot, pivot), counted from 1 (0: the sparse solver does not say where).
    case singular(pivot: Int)
    /// LAPACK rejected argument number `argument` of `routine` (a NaN in the input, or a bug).
    case illegalArgument(routine: String, argument: Int)
    /// An iterative solver did not converge (`info` > 0): a LAPACK routine by its name, others
    /// with their library's ("ARPACK dnaupd", "UMFPACK umfpack_di_numeric", "SUNDIALS SPGMR").
    case noConvergence(routine: String, info: Int)
    /// The input holds NaN or Inf, which LAPACK cannot work on.
    case nonFinite(operation: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let what):
            return "shape mismatch: \(what)"
        case .singular(let pivot):
            return "the matrix is singular\(pivot > 0 ? " (zero pivot at position \(pivot))" : ""): the linear system has no unique solution"
        case .illegalArgument(let routine, let argument):
            return "LAPACK \(routine) rejected argument \(argument) (the input may contain NaN or Inf)"
        case .noConvergence(let routine, let info):
            return "\(routine.contains(" ") ? routine : "LAPACK " + routine) did not converge (info = \(info))"
        case .nonFinite(let operation):
            return "\(operation): the matrix contains NaN or Inf"
        }
    }

    /// Maps a LAPACK `info` code of a driver that has no singular case to an error; 0 passes.
    static func check(_ info: Int32, routine: String) throws(LinearAlgebraError) {
        if info < 0 { throw .illegalArgument(routine: routine, argument: Int(-info)) }
        if info > 0 { throw .noConvergence(routine: routine, info: Int(info)) }
    }
}
