import Testing
@testable import EcodynCore

/// Grids as parameterised models: their parameters are the kinetics', and ∂f/∂p and (∂f/∂x)·w
/// of the semi-discretised field agree with central differences of the field itself (the
/// kernel's rate, ``GridField``) on every boundary condition.
struct GridParametersTests {
    func rate(_ s: GridSimulation, _ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        out.withUnsafeMutableBufferPointer { o in x.withUnsafeBufferPointer { GridField(s, threads: 1).evaluate(0, $0.baseAddress!, o.baseAddress!) } }
        return out
    }

    static let kinetics: [any Kinetics] = [try! Brusselator(a: 2, b: 3, m1: 1, m2: 4), try! GrayScott(feed: 0.04, kill: 0.06, du: 0.2, dv: 0.1),
                                           try! FitzHughNagumo(epsilon: 0.5, a0: 0.1, a1: 1.5, du: 1, dv: 3)]

    @Test(arguments: [BoundaryCondition.periodic, .neumann, .dirichlet])
    func derivativesMatchFiniteDifferencesOfTheField(boundary: BoundaryCondition) throws {
        let grid = try Grid(shape: [6, 5], spacing: 0.7, boundary: boundary)
        for kinetics in Self.kinetics {
            var simulation = GridSimulation(kinetics: kinetics, grid: grid)
            simulation.fixedValues = SpeciesValues(u: 0.9, v: 1.4)
            let state = GridState(homogeneous: kinetics, grid: grid, amplitude: 0.6, seed: 11)
            let x = state.u + state.v, h = 1e-6
            #expect(simulation.parameterNames == kinetics.parameterNames && simulation.parameters == kinetics.parameters)
            for k in simulation.parameters.indices {
                var up = simulation.parameters, down = up
                up[k] += h; down[k] -= h
                let (fp, fm) = (rate(try simulation.with(parameters: up), x), rate(try simulation.with(parameters: down), x))
                let exact = simulation.rateDerivative(at: state, parameter: k)
                let worst = (0..<x.count).map { abs(exact[$0] - (fp[$0] - fm[$0]) / (2 * h)) }.max()!
                #expect(worst < 1e-7, "\(kinetics.name) \(boundary) ∂f/∂\(simulation.parameterNames[k]): \(worst)")
            }
            let w = GridState(homogeneous: kinetics, grid: grid, amplitude: 1, seed: 12)
            let direction = w.u.map { $0 - kinetics.homogeneousState.u } + w.v.map { $0 - kinetics.homogeneousState.v }
            let (fp, fm) = (rate(simulation, zip(x, direction).map { $0 + h * $1 }), rate(simulation, zip(x, direction).map { $0 - h * $1 }))
            let product = simulation.jacobianProduct(at: state, direction)
            let worst = (0..<x.count).map { abs(product[$0] - (fp[$0] - fm[$0]) / (2 * h)) }.max()!
            #expect(worst < 1e-7, "\(kinetics.name) \(boundary) J·w: \(worst)")
        }
    }

    @Test func theAllianceMarketNamesItsParameters() throws {
        let market = try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 1)
        #expect(market.parameterNames == ["K", "gamma", "c", "beta", "b1", "b2"] && market.parameters == [10, 1, 10, 200, 2, 1])
        // Centralised price p = (βγ + b₁γc − cb₂²)/(2b₁γ − b₂²) = (200·2 + 2·2·10 − 10)/(8 − 1) for γ = 2.
        #expect(abs(try market.with("gamma", 2).centralized().p - 430.0 / 7) < 1e-12)
        #expect { try market.with("b2", 3) } throws: { ($0 as? ParameterError)?.parameter == "b2" }
    }
}
