/// A parameter choice for which the alliance model has no meaningful optimum.
public struct AllianceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The spec key (dotted path) the problem is best fixed at.
    public var key: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
