/// A parameter name with its element indices, 0-based: `K[1]` is ("K", [1]), `delta[0][1]`
/// is ("delta", [0, 1]), `b` is ("b", []). The one way names of elements are read.
public struct ElementName: Sendable, Equatable {
    public var base: String
    public var indices: [Int]

    /// Reads `name`; nil when a bracket is not a whole number ≥ 0 (`K[-1]`, `K[x]`, `K[1`).
    public init?(_ name: String) {
        let parts = name.split(separator: "[", omittingEmptySubsequences: false)
        var indices = [Int]()
        for part in parts.dropFirst() {
            guard part.hasSuffix("]"), let i = Int(part.dropLast()), i >= 0 else { return nil }
            indices.append(i)
        }
        guard !parts[0].isEmpty, !parts[0].contains("]") else { return nil }
        (base, self.indices) = (String(parts[0]), indices)
    }

    /// The single index of a vector element below `count`, or nil.
    public func index(below count: Int) -> Int? { indices.count == 1 && indices[0] < count ? indices[0] : nil }
}
