/// A model whose parameters have names and can be changed: the way sweeps, continuation,
/// drivers and bindings change a problem (as SciML's `remake` does), never by rewriting a spec.
/// Vector and matrix parameters are named by element, 0-based: `K[1]`, `delta[0][1]`.
///
/// ```swift
/// let b = try Brusselator(a: 1, b: 1.5)
/// b.parameterNames                       // ["a", "b", "m1", "m2"]
/// try b.with("b", 2.5).maxReal           // 0.25: beyond the Hopf point b = 1 + a²
/// ```
public protocol ParameterizedModel: Sendable {
    /// The parameters' names, in order.
    var parameterNames: [String] { get }
    /// Their values, in the order of ``parameterNames``.
    var parameters: [Double] { get }
    /// A copy with `values` (in the order of ``parameterNames``); throws naming a value the model
    /// does not accept.
    func with(parameters values: [Double]) throws(ParameterError) -> Self
    /// The index of parameter `name` in ``parameterNames``, or nil.
    func parameterIndex(_ name: String) -> Int?
}

extension ParameterizedModel {
    public func parameterIndex(_ name: String) -> Int? { parameterNames.firstIndex(of: name) }

    /// The index of parameter `name`, or an error naming it and listing what the model has.
    public func checkedIndex(_ name: String) throws(ParameterError) -> Int {
        guard let k = parameterIndex(name) else {
            let names = parameterNames
            throw ParameterError(name, "is not a parameter of this model; it has \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", …" : "")")
        }
        return k
    }

    /// A copy with the one parameter `name` set to `value`.
    public func with(_ name: String, _ value: Double) throws(ParameterError) -> Self {
        try varying(checkedIndex(name))(value)
    }

    /// The model as a function of its parameter number `k` (the others as they are): what
    /// continuation and drivers evaluate at each value.
    public func varying(_ k: Int) -> @Sendable (Double) throws(ParameterError) -> Self {
        let model = self
        return { value throws(ParameterError) in
            var values = model.parameters
            values[k] = value
            return try model.with(parameters: values)
        }
    }
}
