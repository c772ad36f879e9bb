/// A grid's parameters are its kinetics' (the diffusion coefficients last), by the same names;
/// the semi-discretised field f(x; p) = R(u, v; p) + D ⊙ Δ_h(u, v) (x = u then v, as
/// ``GridField``) has the derivatives
///
///     ∂f/∂p_k = ∂R/∂p_k cell by cell, for a kinetics parameter;  (Δ_h u, 0) for D_u; (0, Δ_h v) for D_v
///     (∂f/∂x)·w = (∂R/∂(u, v)) w cell by cell + D ⊙ Δ_h w   (without forming the sparse Jacobian)
///
/// with Δ_h the grid's Laplacian under its boundary condition (about the fixed values for
/// `dirichlet` in ∂f/∂D, with the fixed values' constant part dropped in (∂f/∂x)·w).
extension GridSimulation: ParameterizedModel {
    public var parameterNames: [String] { kinetics.parameterNames }
    public var parameters: [Double] { kinetics.parameters }

    /// The same grid with new kinetics parameters (and the same fixed boundary values).
    public func with(parameters values: [Double]) throws(ParameterError) -> GridSimulation {
        var copy = GridSimulation(kinetics: try kinetics.with(parameters: values), grid: grid)
        copy.fixedValues = fixedValues
        return copy
    }

    /// ∂f/∂p_k at `state` (2n values, u then v).
    public func rateDerivative(at state: GridState, parameter k: Int) -> [Double] {
        let n = grid.count, names = parameterNames.count
        if k >= names - 2 {
            let laplacian = k == names - 2 ? self.laplacian(of: state.u, fixedValue: fixedValues.u) : self.laplacian(of: state.v, fixedValue: fixedValues.v)
            return k == names - 2 ? laplacian + [Double](repeating: 0, count: n) : [Double](repeating: 0, count: n) + laplacian
        }
        var out = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let d = kinetics.reactionDerivative(atU: state.u[i], v: state.v[i], parameter: k)
            (out[i], out[n + i]) = (d.u, d.v)
        }
        return out
    }

    /// (∂f/∂x)·w at `state`: the reaction Jacobian cell by cell plus the diffusion of w.
    public func jacobianProduct(at state: GridState, _ w: [Double]) -> [Double] {
        let n = grid.count
        precondition(w.count == 2 * n, "w must have \(2 * n) values (u then v)")
        let (wu, wv) = (Array(w[0..<n]), Array(w[n...]))
        let (lu, lv) = (laplacian(of: wu, fixedValue: 0), laplacian(of: wv, fixedValue: 0))
        let (du, dv) = (diffusion.u, diffusion.v)
        var out = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let j = kinetics.jacobian(atU: state.u[i], v: state.v[i])
            out[i] = j[0, 0] * wu[i] + j[0, 1] * wv[i] + du * lu[i]
            out[n + i] = j[1, 0] * wu[i] + j[1, 1] * wv[i] + dv * lv[i]
        }
        return out
    }

    /// Δ_h of one field on this grid, about `fixedValue` at a `dirichlet` boundary: the kernel's
    /// rate of pure diffusion with D = 1.
    func laplacian(of field: [Double], fixedValue: Double) -> [Double] {
        var diffusion = GridSimulation(kinetics: try! GrayScott(feed: 0, kill: 0, du: 1, dv: 0), grid: grid)
        diffusion.fixedValues = SpeciesValues(u: fixedValue, v: 0)
        let n = grid.count
        var rate = [Double](repeating: 0, count: 2 * n)
        let x = field + [Double](repeating: 0, count: n)
        rate.withUnsafeMutableBufferPointer { out in x.withUnsafeBufferPointer { GridField(diffusion, threads: 1).evaluate(0, $0.baseAddress!, out.baseAddress!) } }
        // Gray–Scott with F = k = 0 and v = 0 has no reaction: the u rate is Δ_h u exactly.
        return Array(rate[0..<n])
    }
}
