/// A value a model does not accept: the parameter as the library names it (`K`, `delta`,
/// `relation[2].strength`, `dt`) and the requirement, with the fix. The core knows no file
/// format: the spec layer maps the parameter to the key in the file.
///
/// ```swift
/// try Community(r: [1, -1], mu: [0, 0], K: [1, 1], delta: .identity(2))
/// // ParameterError: r: must be > 0, got -1.0 at [1]
/// ```
public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter's name (`parameters` for a requirement on several of them together).
    public var parameter: String
    /// What is wrong and what would be right.
    public var message: String

    public init(_ parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { "\(parameter): \(message)" }
}
