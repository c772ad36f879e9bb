/// Random community matrices of the elliptic law (May 1972; Allesina & Tang 2012):
/// `M = −d·I + B`, where each off-diagonal pair (B_ij, B_ji) is non-zero with probability C
/// and then drawn from a bivariate normal with mean 0, standard deviation σ and correlation ρ.
/// For large n the eigenvalues fill an ellipse centred at −d with horizontal semi-axis
/// `σ√(nC)(1 + ρ)` and vertical semi-axis `σ√(nC)(1 − ρ)`; M is stable iff `σ√(nC)(1 + ρ) < d`.
public struct EllipticLaw: Sendable, Equatable {
    public var n: Int, connectance: Double, sigma: Double, correlation: Double, selfRegulation: Double

    public init(n: Int, connectance: Double, sigma: Double, correlation: Double, selfRegulation: Double) {
        precondition(n >= 1 && (0...1).contains(connectance) && sigma >= 0 && (-1...1).contains(correlation))
        (self.n, self.connectance, self.sigma, self.correlation, self.selfRegulation) = (n, connectance, sigma, correlation, selfRegulation)
    }

    /// The predicted rightmost real part of the spectrum, `−d + σ√(nC)(1 + ρ)`.
    public var predictedEdge: Double {
        -selfRegulation + sigma * (Double(n) * connectance).squareRoot() * (1 + correlation)
    }

    /// Whether the law predicts stability.
    public var predictsStability: Bool { predictedEdge < 0 }

    /// A matrix drawn from the ensemble, reproducible from `seed` (pair (i, j) uses the stream
    /// keyed by (seed, i·n + j)).
    public func sample(seed: UInt64) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        let root = CounterRandom(stream: seed)
        let rho = correlation, rest = (1 - correlation * correlation).squareRoot()
        for i in 0..<n {
            m[i, i] = -selfRegulation
            for j in (i + 1)..<max(n, i + 1) {
                let pair = root.substream(UInt64(i * n + j))
                guard pair.uniform(0) < connectance else { continue }
                let z1 = pair.normal(0), z2 = pair.normal(1)
                m[i, j] = sigma * z1
                m[j, i] = sigma * (rho * z1 + rest * z2)
            }
        }
        return m
    }
}
