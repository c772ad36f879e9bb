/// A vector field that also gives the action of its Jacobian J = ∂f/∂x on a vector, for the
/// stiff method's linear systems (``BDF``: matrix-free GMRES, or the dense Jacobian column by
/// column for small systems). Products at one state share a precomputed linearization (for a
/// community, δx), so a product costs one pass over the interactions. The Jacobian's diagonal
/// preconditions GMRES (members whose rates differ by decades otherwise stall it).
public protocol JacobianField: VectorField {
    /// How many values ``linearize(_:_:into:)`` writes.
    var linearizationSize: Int { get }
    /// Writes what the products at (t, x) share into `cache`.
    func linearize(_ t: Double, _ x: UnsafePointer<Double>, into cache: UnsafeMutablePointer<Double>)
    /// Writes J(t, x)·v into `out` (`cache` from ``linearize(_:_:into:)`` at the same state;
    /// `v` and `out` never alias).
    func jacobianProduct(_ t: Double, _ x: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                         _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>)
    /// Writes the Jacobian's diagonal J_ii(t, x) into `out`.
    func jacobianDiagonal(_ t: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>)
}
