/// The right-hand side f of an ordinary differential equation dx/dt = f(t, x) on contiguous
/// storage. Integrators call `evaluate` in their inner loop: it must not allocate.
public protocol VectorField {
    /// The number of state variables.
    var dimension: Int { get }
    /// Writes f(t, x) into `dx`; both hold `dimension` values and never alias.
    func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>)
}
