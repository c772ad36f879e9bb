/// A block of doubles one process sends to, or receives from, another in a decomposed grid run.
public struct HaloMessage {
    /// The other process's rank.
    public var peer: Int
    /// Tells apart the messages between the same two processes in one exchange.
    public var tag: Int32
    public var buffer: UnsafeMutablePointer<Double>
    public var count: Int
}

/// The processes of a decomposed grid run (MPI ranks under `mpirun` or `srun`; threads in the
/// tests): each steps one slab of the grid (``GridSlab``) and trades its edge planes with the
/// slabs beside it. Every process calls every operation in the same order.
public protocol GridRanks: AnyObject {
    /// This process's rank, 0 ..< size.
    var rank: Int { get }
    var size: Int { get }
    /// Sends each of `sending` to its peer and fills each of `receiving` from its peer (the
    /// message with the same tag); returns when all have arrived and the sent buffers may be reused.
    func exchange(sending: [HaloMessage], receiving: [HaloMessage])
    /// Whether `value` is true on every rank.
    func allTrue(_ value: Bool) -> Bool
    /// Rank 0 receives every rank's `local` in rank order into `all` (of the counts' sum);
    /// the others pass nil.
    func gather(_ local: UnsafeBufferPointer<Double>, counts: [Int], into all: UnsafeMutableBufferPointer<Double>?)
}
