import Testing
@testable import EcodynCore

/// Named parameters: names, values and copies with new values for every model, and the
/// analytic ∂f/∂p against central differences of the rate itself (step 1e-6: truncation error
/// ~1e-12 for these polynomial rates).
struct ParameterizedModelTests {
    static let kinetics: [any Kinetics] = [
        try! Brusselator(a: 1.5, b: 2.8, m1: 1, m2: 8), try! GrayScott(feed: 0.05, kill: 0.06, du: 0.2, dv: 0.1),
        try! Schnakenberg(a: 0.1, b: 0.9, du: 1, dv: 10),
    ]

    @Test func kineticsNameTheirParametersAndCopyWithNewValues() throws {
        for model in Self.kinetics {
            #expect(model.parameterNames.count == model.parameters.count)
            let same = try model.with(parameters: model.parameters)
            #expect(same.parameters == model.parameters)
            let name = model.parameterNames[1]
            let changed = try model.with(name, model.parameters[1] * 1.5)
            #expect(changed.parameters[1] == model.parameters[1] * 1.5 && changed.parameters[0] == model.parameters[0])
            #expect(throws: ParameterError.self) { try model.with("nope", 1) }
            #expect(throws: ParameterError.self) { try model.with(parameters: [1]) }
        }
        #expect(try Brusselator(a: 1, b: 1.5).with("b", 2.5).maxReal == 0.25)
    }

    @Test func kineticsParameterDerivativesMatchFiniteDifferences() throws {
        for model in Self.kinetics { try Self.checkParameterDerivatives(model) }
    }

    /// ∂(f, g)/∂p of `model` at (0.7, 1.3) against central differences in each parameter.
    static func checkParameterDerivatives(_ model: any Kinetics) throws {
        let (u, v, h) = (0.7, 1.3, 1e-6)
        for k in model.parameters.indices {
            var up = model.parameters, down = model.parameters
            up[k] += h; down[k] -= h
            let plus = try model.with(parameters: up).reaction(u, v), minus = try model.with(parameters: down).reaction(u, v)
            let exact = model.reactionDerivative(atU: u, v: v, parameter: k)
            #expect(abs(exact.u - (plus.u - minus.u) / (2 * h)) < 1e-8 && abs(exact.v - (plus.v - minus.v) / (2 * h)) < 1e-8,
                    "\(model.name) \(model.parameterNames[k]): \(exact)")
        }
    }

    static let community = try! Community(r: [1.0, 0.8, 1.2], mu: [0.1, 0.05, 0.2], K: [10, 8, 5],
                                          delta: Matrix([[1.0, 0.5, -0.2], [0.4, 1.0, 0.3], [0.1, -0.6, 1.0]]))

    func rate(_ c: Community, _ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: c.n)
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { CommunityField(c).evaluate(0, xp.baseAddress!, $0.baseAddress!) } }
        return out
    }

    @Test func aCommunityNamesEveryElementAndFindsThemByName() throws {
        let c = Self.community
        #expect(c.parameterNames.count == 3 * 3 + 9 && c.parameters.count == 18)
        #expect(c.parameterNames[4] == "mu[1]" && c.parameterNames[3 * 3 + 1 * 3 + 2] == "delta[1][2]")
        for (k, name) in c.parameterNames.enumerated() { #expect(c.parameterIndex(name) == k, "\(name)") }
        #expect(c.parameterIndex("delta[3][0]") == nil && c.parameterIndex("K[-1]") == nil && c.parameterIndex("x[0]") == nil)
        let changed = try c.with("delta[0][1]", 0.25)
        #expect(changed.delta[0, 1] == 0.25 && changed.delta[1, 0] == 0.4 && changed.r == c.r)
        #expect { try c.with("K[2]", -1) } throws: { ($0 as? ParameterError)?.parameter == "K" }
    }

    @Test func aCommunityParameterDerivativesMatchFiniteDifferences() throws {
        let c = Self.community, x = [2.0, 1.5, 0.7], h = 1e-6
        for k in c.parameters.indices {
            var up = c.parameters, down = c.parameters
            up[k] += h; down[k] -= h
            let numeric = zip(rate(try c.with(parameters: up), x), rate(try c.with(parameters: down), x)).map { ($0 - $1) / (2 * h) }
            let exact = c.rateDerivative(at: x, parameter: k)
            for i in 0..<3 { #expect(abs(exact[i] - numeric[i]) < 1e-7, "\(c.parameterNames[k]) row \(i): \(exact[i]) vs \(numeric[i])") }
        }
    }
}
