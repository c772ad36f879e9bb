import EcodynCore

/// A set of point indices below a count, one bit per point: the finished points of a sweep.
public struct PointSet: Sendable {
    private var bits: [UInt64]

    /// The empty set for points 0..<count.
    public init(count: Int) { bits = [UInt64](repeating: 0, count: (count + 63) / 64) }

    public mutating func insert(_ i: Int) { bits[i / 64] |= 1 << UInt64(i % 64) }

    public func contains(_ i: Int) -> Bool { bits[i / 64] & (1 << UInt64(i % 64)) != 0 }
}
