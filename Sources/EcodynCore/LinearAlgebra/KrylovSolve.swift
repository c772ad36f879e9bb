import CSundials

extension SparseMatrix {
    /// x with A·x = b by restarted GMRES (SUNDIALS SPGMR: Krylov dimension 50, up to 20
    /// restarts) right-preconditioned by A's diagonal (Jacobi), until ‖b − A·x‖₂ ≤ `tolerance`·‖b‖₂.
    /// For large matrices whose LU factors would fill in (random interaction graphs): each
    /// iteration costs one product. Throws `noConvergence` when the residual stays above the
    /// tolerance, `singular` for a zero on the diagonal.
    public func iterativeSolve(_ b: [Double], tolerance: Double = 1e-12) throws(LinearAlgebraError) -> [Double] {
        guard rows == columns else { throw .shapeMismatch("GMRES needs a square matrix, got \(rows)×\(columns)") }
        guard b.count == rows else { throw .shapeMismatch("a \(rows)×\(rows) system cannot take a right-hand side of \(b.count) values") }
        guard b.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "solve") }
        let inverseDiagonal = diagonal.map { 1 / $0 }
        guard inverseDiagonal.allSatisfy(\.isFinite) else { throw .singular(pivot: 0) }
        let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return b }
        let run = KrylovRun(matrix: self, inverseDiagonal: inverseDiagonal)
        var context: SUNContext?
        SUNContext_Create(nil, &context)
        defer { SUNContext_Free(&context) }
        let x = N_VNew_Serial(sunindextype(rows), context)!, rhs = N_VNew_Serial(sunindextype(rows), context)!
        defer { N_VDestroy(x); N_VDestroy(rhs) }
        N_VConst(0, x)
        b.withUnsafeBufferPointer { N_VGetArrayPointer(rhs)!.update(from: $0.baseAddress!, count: rows) }
        let solver = SUNLinSol_SPGMR(x, Int32(SUN_PREC_RIGHT), 50, context)
        defer { SUNLinSolFree(solver) }
        SUNLinSol_SPGMRSetMaxRestarts(solver, 20)
        let me = Unmanaged.passUnretained(run).toOpaque()
        SUNLinSolSetATimes(solver, me) { data, v, z in
            let run = Unmanaged<KrylovRun>.fromOpaque(data!).takeUnretainedValue()
            run.matrix.multiply(N_VGetArrayPointer(v)!, into: N_VGetArrayPointer(z)!)
            return 0
        }
        SUNLinSolSetPreconditioner(solver, me, nil) { data, r, z, _, _ in
            let run = Unmanaged<KrylovRun>.fromOpaque(data!).takeUnretainedValue()
            let (rp, zp) = (N_VGetArrayPointer(r)!, N_VGetArrayPointer(z)!)
            for i in 0..<run.matrix.rows { zp[i] = rp[i] * run.inverseDiagonal[i] }
            return 0
        }
        SUNLinSolInitialize(solver)
        SUNLinSolSetup(solver, nil)
        let status = SUNLinSolSolve(solver, nil, x, rhs, tolerance * norm)
        withExtendedLifetime(run) {}
        guard status == 0 else { throw .noConvergence(routine: "SUNDIALS SPGMR", info: Int(status)) }
        return Array(UnsafeBufferPointer(start: N_VGetArrayPointer(x)!, count: rows))
    }
}

/// What SPGMR's callbacks need: the matrix and the preconditioner.
private final class KrylovRun {
    let matrix: SparseMatrix
    let inverseDiagonal: [Double]
    init(matrix: SparseMatrix, inverseDiagonal: [Double]) { (self.matrix, self.inverseDiagonal) = (matrix, inverseDiagonal) }
}
