/// What a grid state looks like: spatial mean and variance of each species, the dominant
/// wavenumber of u from its power spectrum in the Laplacian's eigenbasis, and the regime.
public struct PatternMetrics: Sendable, Equatable, Codable {
    /// The three regimes a finished run can be in.
    public enum Regime: String, Sendable, Codable {
        /// Spatially uniform and not changing.
        case homogeneous
        /// A spatial pattern that no longer changes (a Turing pattern).
        case stationaryPattern = "stationary-pattern"
        /// Changing in time (a Hopf oscillation, uniform or not, or a pattern still forming).
        case oscillating
    }

    public var meanU: Double, meanV: Double
    public var varianceU: Double, varianceV: Double
    /// The continuum wavenumber |k| of u's strongest non-uniform mode (0 when uniform).
    public var dominantWavenumber: Double
    public var regime: Regime

    /// The metrics of `state`, comparing with `earlier`, a state `interval` time units before, to
    /// tell stationary from changing: relative RMS change per unit time below `tolerance`
    /// (default 1e-3) is stationary; a relative standard deviation below it is uniform.
    public init(_ state: GridState, grid: Grid, earlier: GridState, interval: Double, tolerance: Double = 1e-3) {
        let n = Double(grid.count)
        let mean = state.u.reduce(0, +) / n, meanOfV = state.v.reduce(0, +) / n
        (meanU, meanV) = (mean, meanOfV)
        varianceU = state.u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        varianceV = state.v.reduce(0) { $0 + ($1 - meanOfV) * ($1 - meanOfV) } / n
        let basis = LaplacianBasis(grid: grid)
        let spectrum = basis.powerSpectrum(state.u.map { $0 - mean })
        var best = 0, power = 0.0
        for k in spectrum.power.indices where spectrum.wavenumbers[k] > 0 && spectrum.power[k] > power {
            (best, power) = (k, spectrum.power[k])
        }
        let uniform = varianceU.squareRoot() <= tolerance * max(1, abs(meanU))
        dominantWavenumber = uniform ? 0 : spectrum.wavenumbers[best]
        let change = zip(state.u, earlier.u).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let size = state.u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let rate = change / max(size, 1e-300) / max(interval, 1e-300)
        regime = rate > tolerance ? .oscillating : (uniform ? .homogeneous : .stationaryPattern)
    }

    /// JSON keys: `mean`, `variance` ([u, v]), `dominant_k`, `pattern`.
    public var json: JSONValue {
        .object([("mean", .numbers([meanU, meanV])), ("variance", .numbers([varianceU, varianceV])),
                 ("dominant_k", .number(dominantWavenumber)), ("pattern", .string(regime.rawValue))])
    }
}
