import EcodynCore

/// A problem in a spec file, naming the key (its dotted path) and what was expected.
///
/// Its description is one line, e.g. `model.delta: expected a 3×3 matrix, got 3×2`.
public struct SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The dotted path of the offending key (`model.delta`), or empty for the whole file.
    public var key: String
    /// What is wrong and what would be right.
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}
