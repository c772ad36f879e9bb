/// A one-parameter family of vector fields f(x; p) with its derivatives: what continuation
/// follows. Built from any model with named parameters — a community, a kinetics (its well-mixed
/// reaction), a small grid — by naming the parameter that varies; every evaluation makes the
/// model at that value through ``ParameterizedModel/with(_:_:)``, so a value the model refuses
/// (K < 0) ends a branch with that model's own error.
///
/// ```swift
/// let family = try EquilibriumFamily(kinetics: try Brusselator(a: 1, b: 1.5), parameter: "b")
/// try family.rate([1, 1.5], 1.5)          // [0, 0]: the steady state (a, b/a)
/// ```
public struct EquilibriumFamily: Sendable {
    /// The number of state variables.
    public let dimension: Int
    /// The parameter that varies, by the model's name for it.
    public let parameter: String
    /// Its value in the model the family was made from.
    public let initialValue: Double
    let rate: @Sendable ([Double], Double) throws -> [Double]
    let stateJacobian: @Sendable ([Double], Double) throws -> Matrix
    let parameterDerivative: @Sendable ([Double], Double) throws -> [Double]
    /// All three at once (a model made once for them), when the family has a faster way than the three calls.
    let combined: (@Sendable ([Double], Double) throws -> (rate: [Double], jacobian: Matrix, derivative: [Double]))?

    /// A family from its three functions of (x, p), and optionally one that gives all three at once.
    public init(dimension: Int, parameter: String, initialValue: Double,
                rate: @escaping @Sendable ([Double], Double) throws -> [Double],
                stateJacobian: @escaping @Sendable ([Double], Double) throws -> Matrix,
                parameterDerivative: @escaping @Sendable ([Double], Double) throws -> [Double],
                combined: (@Sendable ([Double], Double) throws -> (rate: [Double], jacobian: Matrix, derivative: [Double]))? = nil) {
        (self.dimension, self.parameter, self.initialValue) = (dimension, parameter, initialValue)
        (self.rate, self.stateJacobian, self.parameterDerivative, self.combined) = (rate, stateJacobian, parameterDerivative, combined)
    }

    /// f, ∂f/∂x and ∂f/∂p at (x; p).
    public func evaluateAll(_ x: [Double], _ p: Double) throws -> (rate: [Double], jacobian: Matrix, derivative: [Double]) {
        if let combined { return try combined(x, p) }
        return (try rate(x, p), try stateJacobian(x, p), try parameterDerivative(x, p))
    }

    /// A family given only by f(x; p): ∂f/∂x and ∂f/∂p by central differences.
    public init(dimension: Int, parameter: String, initialValue: Double, rate: @escaping @Sendable ([Double], Double) throws -> [Double]) {
        self.init(dimension: dimension, parameter: parameter, initialValue: initialValue, rate: rate,
                  stateJacobian: { x, p in try CentralDifferences.jacobian(of: { try rate($0, p) }, at: x) },
                  parameterDerivative: { x, p in try CentralDifferences.derivative(of: { try rate(x, $0) }, at: p) })
    }

    /// f(x; p).
    public func rate(_ x: [Double], _ p: Double) throws -> [Double] { try rate(x, p) }
    /// ∂f/∂x at (x; p).
    public func jacobian(_ x: [Double], _ p: Double) throws -> Matrix { try stateJacobian(x, p) }
    /// ∂f/∂p at (x; p).
    public func derivative(_ x: [Double], _ p: Double) throws -> [Double] { try parameterDerivative(x, p) }

    /// A community's equilibria as `parameter` (`"K[1]"`, `"delta[0][1]"`, …) varies.
    public init(community: Community, parameter: String) throws(ParameterError) {
        let k = try community.checkedIndex(parameter)
        let at = community.varying(k)
        let rate: @Sendable (Community, [Double]) -> [Double] = { c, x in
            let field = CommunityField(c)
            var dx = [Double](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { xp in dx.withUnsafeMutableBufferPointer { field.evaluate(0, xp.baseAddress!, $0.baseAddress!) } }
            return dx
        }
        self.init(dimension: community.n, parameter: parameter, initialValue: community.parameters[k],
                  rate: { x, p in rate(try at(p), x) },
                  stateJacobian: { x, p in try at(p).jacobian(at: x) },
                  parameterDerivative: { x, p in try at(p).rateDerivative(at: x, parameter: k) },
                  combined: { x, p in
                      let c = try at(p)
                      return (rate(c, x), try c.jacobian(at: x), c.rateDerivative(at: x, parameter: k))
                  })
    }

    /// A kinetics' homogeneous (well-mixed) steady states as `parameter` varies; x = (u, v).
    public init(kinetics: any Kinetics, parameter: String) throws(ParameterError) {
        let k = try kinetics.checkedIndex(parameter)
        let at = kinetics.varying(k)
        self.init(dimension: 2, parameter: parameter, initialValue: kinetics.parameters[k],
                  rate: { x, p in let r = try at(p).reaction(x[0], x[1]); return [r.u, r.v] },
                  stateJacobian: { x, p in try at(p).jacobian(atU: x[0], v: x[1]) },
                  parameterDerivative: { x, p in let d = try at(p).reactionDerivative(atU: x[0], v: x[1], parameter: k); return [d.u, d.v] })
    }

    /// The steady states of a grid (x = u then v) as `parameter` varies: the Jacobian is formed
    /// column by column from the matrix-free products, so this is for small grids.
    public init(grid: GridSimulation, parameter: String) throws(ParameterError) {
        let k = try grid.checkedIndex(parameter)
        let at = grid.varying(k)
        let cells = grid.grid.count
        let split: @Sendable ([Double]) -> GridState = { GridState(u: Array($0[0..<cells]), v: Array($0[cells...])) }
        self.init(dimension: 2 * cells, parameter: parameter, initialValue: grid.parameters[k],
                  rate: { x, p in
                      let field = GridField(try at(p), threads: 1)
                      var dx = [Double](repeating: 0, count: x.count)
                      x.withUnsafeBufferPointer { xp in dx.withUnsafeMutableBufferPointer { field.evaluate(0, xp.baseAddress!, $0.baseAddress!) } }
                      return dx
                  },
                  stateJacobian: { x, p in
                      let simulation = try at(p), state = split(x), n = x.count
                      var j = Matrix(rows: n, columns: n)
                      var unit = [Double](repeating: 0, count: n)
                      for c in 0..<n {
                          unit[c] = 1
                          let column = simulation.jacobianProduct(at: state, unit)
                          for r in 0..<n { j[r, c] = column[r] }
                          unit[c] = 0
                      }
                      return j
                  },
                  parameterDerivative: { x, p in try at(p).rateDerivative(at: split(x), parameter: k) })
    }

    /// The family restricted to the members `kept` with every other state variable held at 0 (a
    /// community's boundary equilibria on which the others are absent): f, ∂f/∂x and ∂f/∂p of the
    /// kept rows and columns at the embedded state.
    public func restricted(to kept: [Int]) -> EquilibriumFamily {
        let n = dimension
        let embed: @Sendable ([Double]) -> [Double] = { xs in
            var x = [Double](repeating: 0, count: n)
            for (q, i) in kept.enumerated() { x[i] = xs[q] }
            return x
        }
        let full = self
        return EquilibriumFamily(
            dimension: kept.count, parameter: parameter, initialValue: initialValue,
            rate: { xs, p in let f = try full.rate(embed(xs), p); return kept.map { f[$0] } },
            stateJacobian: { xs, p in
                let j = try full.jacobian(embed(xs), p)
                var sub = Matrix(rows: kept.count, columns: kept.count)
                for (b, c) in kept.enumerated() { for (a, r) in kept.enumerated() { sub[a, b] = j[r, c] } }
                return sub
            },
            parameterDerivative: { xs, p in let d = try full.derivative(embed(xs), p); return kept.map { d[$0] } },
            combined: { xs, p in
                let all = try full.evaluateAll(embed(xs), p)
                var sub = Matrix(rows: kept.count, columns: kept.count)
                for (b, c) in kept.enumerated() { for (a, r) in kept.enumerated() { sub[a, b] = all.jacobian[r, c] } }
                return (kept.map { all.rate[$0] }, sub, kept.map { all.derivative[$0] })
            })
    }
}
