import EcodynCore
import EcodynFiles
import Foundation
import TOMLKit

/// One table of a TOML spec file, with typed accessors that validate as they read.
///
/// Every accessor names the key's dotted path in its errors, so a user learns what to fix:
///
/// ```swift
/// let spec = try SpecTable.parse("[model]\nkind = \"community\"\nK = [1, -2]")
/// let model = try spec.requireTable("model")
/// try model.vector("K", count: 2, constraint: .positive)
/// // SpecError: model.K: must be > 0, got -2 at index 1
/// ```
public final class SpecTable: Sendable {
    /// The table's dotted path inside the file ("" for the root).
    public let path: String
    /// The folder against which relative file paths in the spec are resolved.
    public let baseDirectory: URL
    private let entries: [String: Value]

    /// A TOML value, detached from the parser.
    enum Value: Sendable {
        case integer(Int), real(Double), text(String), flag(Bool), list([Value]), table([String: Value]), other(String)

        init(_ toml: TOMLValueConvertible) {
            switch toml.type {
            case .int: self = .integer(toml.int!)
            case .double: self = .real(toml.double!)
            case .string: self = .text(toml.string!)
            case .bool: self = .flag(toml.bool!)
            case .array: self = .list(toml.array!.map { Value($0) })
            case .table:
                let t = toml.table!
                self = .table(Dictionary(uniqueKeysWithValues: t.keys.map { ($0, Value(t[$0]!)) }))
            default: self = .other(toml.type.description)
            }
        }

        var typeName: String {
            switch self {
            case .integer: return "an integer"
            case .real: return "a number"
            case .text: return "a string"
            case .flag: return "a boolean"
            case .list: return "a list"
            case .table: return "a table"
            case .other(let name): return "a \(name)"
            }
        }

        var number: Double? {
            switch self {
            case .integer(let i): return Double(i)
            case .real(let d): return d
            default: return nil
            }
        }
    }

    init(path: String, entries: [String: Value], baseDirectory: URL) {
        self.path = path
        self.entries = entries
        self.baseDirectory = baseDirectory
    }

    /// Parses TOML text; relative paths inside it resolve against `baseDirectory`.
    public static func parse(_ text: String, baseDirectory: URL = URL(fileURLWithPath: ".")) throws(SpecError) -> SpecTable {
        try TOMLPrecheck.check(text)
        do {
            let root = try TOMLTable(string: text)
            guard case .table(let entries) = Value(root) else { throw SpecError(key: "", "the spec is not a TOML table") }
            return SpecTable(path: "", entries: entries, baseDirectory: baseDirectory)
        } catch let error as TOMLParseError {
            throw SpecError(key: "", "TOML syntax error at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch let error as SpecError {
            throw error
        } catch {
            throw SpecError(key: "", "cannot parse the spec: \(error)")
        }
    }

    /// Reads and parses a spec file.
    public static func load(_ file: String) throws(SpecError) -> SpecTable {
        let url = URL(fileURLWithPath: file)
        let data: Data
        do { data = try FileIO.read(file) } catch {
            throw SpecError(key: "", "cannot read the spec file: \(error.message)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(key: "", "the spec file is not UTF-8 text")
        }
        return try parse(text, baseDirectory: url.deletingLastPathComponent())
    }

    /// A copy without the key `key` (e.g. the spec of one sweep point, without `[sweep]`).
    public func removing(_ key: String) -> SpecTable {
        var entries = entries
        entries[key] = nil
        return SpecTable(path: path, entries: entries, baseDirectory: baseDirectory)
    }

    /// The keys present in this table, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { entries[key] != nil }

    /// The dotted path of `key` in this table.
    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about `key` of this table.
    public func error(_ key: String, _ message: String) -> SpecError { SpecError(key: keyPath(key), message) }

    /// `body`, with a model's ``ParameterError`` as a ``SpecError`` naming the parameter's key in
    /// this table: `names` maps a library name to its key where they differ (`shapley` →
    /// `shapley.values`, relative to the file's root when it holds a dot; "" for the table itself).
    public func keyed<T>(_ names: [String: String] = [:], _ body: () throws(ParameterError) -> T) throws(SpecError) -> T {
        do { return try body() } catch {
            let name = names[error.parameter] ?? error.parameter
            let key = name.isEmpty ? path : (name.contains(".") && names[error.parameter] != nil ? name : keyPath(name))
            throw SpecError(key: key, error.message)
        }
    }

    /// Rejects any key not in `allowed`, suggesting the nearest allowed spelling.
    public func allowOnly(_ allowed: [String]) throws(SpecError) {
        for key in keys where !allowed.contains(key) {
            let near = allowed.min { editDistance(key, $0) < editDistance(key, $1) }
            let hint = near.map { editDistance(key, $0) <= 2 ? "did you mean '\($0)'? " : "" } ?? ""
            throw error(key, "unknown key; \(hint)this table takes: \(allowed.joined(separator: ", "))")
        }
    }

    // MARK: scalars

    /// A string, if present; with `oneOf`, it must be one of those words.
    public func string(_ key: String, oneOf choices: [String]? = nil) throws(SpecError) -> String? {
        guard let value = entries[key] else { return nil }
        guard case .text(let s) = value else { throw error(key, "expected a string, got \(value.typeName)") }
        if let choices, !choices.contains(s) {
            throw error(key, "'\(s)' is not one of: \(choices.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    /// A number (integers are accepted), if present, checked against `constraint`.
    public func double(_ key: String, constraint: Constraint = .finite) throws(SpecError) -> Double? {
        guard let value = entries[key] else { return nil }
        guard let x = value.number else { throw error(key, "expected a number, got \(value.typeName)") }
        try constraint.check(x, key: keyPath(key), index: nil)
        return x
    }

    /// An integer, if present, at least `minimum`.
    public func int(_ key: String, minimum: Int = .min) throws(SpecError) -> Int? {
        guard let value = entries[key] else { return nil }
        guard case .integer(let i) = value else { throw error(key, "expected an integer, got \(value.typeName)") }
        guard i >= minimum else { throw error(key, "must be ≥ \(minimum), got \(i)") }
        return i
    }

    /// A boolean, if present.
    public func bool(_ key: String) throws(SpecError) -> Bool? {
        guard let value = entries[key] else { return nil }
        guard case .flag(let b) = value else { throw error(key, "expected true or false, got \(value.typeName)") }
        return b
    }

    // MARK: arrays

    /// A list of numbers of any length, if present: inline, or the path of a `.npy` file
    /// (read flat, in C order; with `shape`, the file must hold an array of that shape).
    public func doubles(_ key: String, shape: [Int]? = nil, constraint: Constraint = .finite) throws(SpecError) -> [Double]? {
        guard let value = entries[key] else { return nil }
        if case .text(let file) = value {
            let array = try readNPY(key, file)
            if let shape, array.shape != shape {
                throw error(key, "'\(file)' holds an array of shape \(array.shape), expected \(shape) (NumPy's order: slowest axis first)")
            }
            let values = array.values
            for (i, x) in values.enumerated() { try constraint.check(x, key: keyPath(key), index: "[\(i)]") }
            return values
        }
        return try numbers(value, key: key, constraint: constraint)
    }

    /// A list of strings, if present.
    public func strings(_ key: String) throws(SpecError) -> [String]? {
        guard let value = entries[key] else { return nil }
        guard case .list(let items) = value else { throw error(key, "expected a list of strings, got \(value.typeName)") }
        var out = [String]()
        for (i, item) in items.enumerated() {
            guard case .text(let s) = item else { throw error(key, "entry \(i) is \(item.typeName), expected a string") }
            out.append(s)
        }
        return out
    }

    /// A vector of `count` numbers (a list or a 1-D `.npy` path); a scalar broadcasts to every entry.
    public func vector(_ key: String, count: Int, constraint: Constraint = .finite) throws(SpecError) -> [Double]? {
        guard let value = entries[key] else { return nil }
        if let x = value.number {
            try constraint.check(x, key: keyPath(key), index: nil)
            return [Double](repeating: x, count: count)
        }
        if case .text = value { return try doubles(key, shape: [count], constraint: constraint) }   // a 1-D .npy file
        let v = try numbers(value, key: key, constraint: constraint)
        guard v.count == count else { throw error(key, "expected a scalar or a list of \(count) numbers, got \(v.count)") }
        return v
    }

    /// A matrix: nested lists (one per row) or the path of a 2-D `.npy` file; with `rows` and
    /// `columns`, of that shape.
    public func matrix(_ key: String, rows: Int? = nil, columns: Int? = nil, constraint: Constraint = .finite) throws(SpecError) -> Matrix? {
        guard let value = entries[key] else { return nil }
        let m: Matrix
        switch value {
        case .text(let file):
            let array = try readNPY(key, file)
            do { m = try array.matrix() } catch { throw self.error(key, "'\(file)': \(error)") }
        case .list(let items):
            var rowList = [[Double]]()
            for (i, item) in items.enumerated() {
                guard case .list = item else { throw error(key, "expected nested lists, one per row; row \(i) is \(item.typeName)") }
                rowList.append(try numbers(item, key: key, constraint: .finite))
            }
            do { m = try Matrix(rowList) } catch { throw self.error(key, "\(error)") }
        default:
            throw error(key, "expected a matrix (nested lists or a .npy path), got \(value.typeName)")
        }
        guard m.rows == rows ?? m.rows, m.columns == columns ?? m.columns else {
            throw error(key, "expected a \(rows ?? m.rows)×\(columns ?? m.columns) matrix, got \(m.rows)×\(m.columns)")
        }
        for i in 0..<m.rows {
            for j in 0..<m.columns { try constraint.check(m[i, j], key: keyPath(key), index: "[\(i)][\(j)]") }
        }
        return m
    }

    /// Whether `key` names a `.npz` file (a SciPy sparse matrix).
    public func namesNPZ(_ key: String) -> Bool {
        if case .text(let file)? = entries[key] { return file.lowercased().hasSuffix(".npz") }
        return false
    }

    /// The sparse matrix saved by `scipy.sparse.save_npz` (CSR, CSC or COO) at the path `key`
    /// gives, checked against `rows`×`columns` when given.
    public func sparseMatrix(_ key: String, rows: Int? = nil, columns: Int? = nil) throws(SpecError) -> SparseMatrix? {
        guard case .text(let file)? = entries[key] else { return nil }
        let url = URL(fileURLWithPath: file, relativeTo: baseDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw error(key, "the file '\(file)' does not exist (relative paths start at the spec's folder)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        try MemoryBudget.check(CheckedCount.product(size, 16), for: "reading '\(file)' (\(MemoryBudget.format(size)) on disk, inflated and sorted)",
                               key: keyPath(key), fix: "use a smaller matrix")
        let m: SparseMatrix
        do { m = try SparseMatrix(npz: try NPZArchive(contentsOf: url, sizeLimit: MemoryBudget.available / 4)) } catch let error as FileError {
            throw self.error(key, "cannot read '\(file)': \(error.message)")
        } catch { throw self.error(key, "cannot read '\(file)' as a SciPy sparse matrix: \(error)") }
        guard m.rows == rows ?? m.rows, m.columns == columns ?? m.columns else {
            throw error(key, "expected a \(rows ?? m.rows)×\(columns ?? m.columns) matrix, got \(m.rows)×\(m.columns)")
        }
        return m
    }

    // MARK: tables

    /// The sub-table `key`, if present.
    public func table(_ key: String) throws(SpecError) -> SpecTable? {
        guard let value = entries[key] else { return nil }
        guard case .table(let sub) = value else { throw error(key, "expected a table, got \(value.typeName)") }
        return SpecTable(path: keyPath(key), entries: sub, baseDirectory: baseDirectory)
    }

    /// The table at dotted `path` below this one (`"model.random"`), if every table on the way is present.
    public func table(atPath path: String) throws(SpecError) -> SpecTable? {
        var table: SpecTable? = self
        for key in path.split(separator: ".") { table = try table?.table(String(key)) }
        return table
    }

    /// The array of tables `[[key]]` (empty when absent).
    public func tables(_ key: String) throws(SpecError) -> [SpecTable] {
        guard let value = entries[key] else { return [] }
        guard case .list(let items) = value else { throw error(key, "expected an array of tables [[\(keyPath(key))]], got \(value.typeName)") }
        var result = [SpecTable]()
        for (i, item) in items.enumerated() {
            guard case .table(let sub) = item else { throw error(key, "entry \(i) is \(item.typeName), expected a table") }
            result.append(SpecTable(path: "\(keyPath(key))[\(i)]", entries: sub, baseDirectory: baseDirectory))
        }
        return result
    }

    /// `value` read from `key`, or an error saying the key is missing:
    /// `try model.required(model.double("K"), "K")`.
    public func required<T>(_ value: T?, _ key: String) throws(SpecError) -> T {
        guard let value else { throw error(key, "missing; this key is required") }
        return value
    }

    /// The sub-table `key`, or an error saying it is missing.
    public func requireTable(_ key: String) throws(SpecError) -> SpecTable {
        guard let t = try table(key) else { throw SpecError(key: keyPath(key), "missing table [\(keyPath(key))]") }
        return t
    }

    /// The `.npy` file named by `key`, resolved against the spec's folder.
    private func readNPY(_ key: String, _ file: String) throws(SpecError) -> NPYArray {
        let url = URL(fileURLWithPath: file, relativeTo: baseDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw error(key, "the file '\(file)' does not exist (relative paths start at the spec's folder)")
        }
        do { return try NPYArray(contentsOf: url) } catch let error as FileError {
            throw self.error(key, "cannot read '\(file)': \(error.message)")
        } catch { throw self.error(key, "cannot read '\(file)': \(error)") }
    }

    private func numbers(_ value: Value, key: String, constraint: Constraint) throws(SpecError) -> [Double] {
        guard case .list(let items) = value else { throw error(key, "expected a list of numbers, got \(value.typeName)") }
        var out = [Double]()
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let x = item.number else { throw error(key, "entry \(i) is \(item.typeName), expected a number") }
            try constraint.check(x, key: keyPath(key), index: "[\(i)]")
            out.append(x)
        }
        return out
    }
}

/// A condition a number read from a spec must meet.
public enum Constraint: Sendable {
    /// Any finite number.
    case finite
    /// Finite and > 0.
    case positive
    /// Finite and ≥ 0.
    case nonNegative
    /// Finite and within the closed interval.
    case within(ClosedRange<Double>)

    func check(_ x: Double, key: String, index: String?) throws(SpecError) {
        let at = index.map { " at \($0)" } ?? ""
        guard x.isFinite else { throw SpecError(key: key, "must be a finite number, got \(x)\(at)") }
        switch self {
        case .finite: return
        case .positive where x <= 0: throw SpecError(key: key, "must be > 0, got \(x)\(at)")
        case .nonNegative where x < 0: throw SpecError(key: key, "must be ≥ 0, got \(x)\(at)")
        case .within(let range) where !range.contains(x):
            throw SpecError(key: key, "must lie in [\(range.lowerBound), \(range.upperBound)], got \(x)\(at)")
        default: return
        }
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
