import CEcodyn
import Foundation
import EcodynCore
import EcodynFiles
import EcodynSpec
import EcodynSweep

/// A failure of a C call: its status and the message `ecodyn_last_error()` gives.
struct ABIError: Error {
    var status: Int32
    var message: String

    /// Bad input, naming the argument and what it needs.
    static func argument(_ name: String, _ message: String) -> ABIError { ABIError(status: ECODYN_ERROR_ARGUMENT, message: "\(name): \(message)") }
}

/// Runs the body of a C call: clears this thread's error, maps every Swift error to a status and
/// a one-line message. Nothing is printed and nothing traps on the way.
func abiCall(_ body: () throws -> Void) -> Int32 {
    ek_abi_clear_error()
    let failure: ABIError
    do {
        try body()
        return ECODYN_OK
    } catch let error as ABIError {
        failure = error
    } catch let error as ParameterError {
        failure = ABIError(status: ECODYN_ERROR_ARGUMENT, message: error.description)
    } catch let error as SpecError {
        failure = ABIError(status: ECODYN_ERROR_ARGUMENT, message: error.description)
    } catch let error as LinearAlgebraError {
        failure = ABIError(status: ECODYN_ERROR_NUMERICAL, message: error.description)
    } catch let error as FileError {
        failure = ABIError(status: ECODYN_ERROR_IO, message: error.description)
    } catch let error as OutputPathError {
        failure = ABIError(status: ECODYN_ERROR_ARGUMENT, message: error.description)
    } catch let error as SweepCancelled {
        failure = ABIError(status: ECODYN_ERROR_CANCELLED, message: error.description)
    } catch let error as SweepError {
        failure = ABIError(status: ECODYN_ERROR_IO, message: error.description)
    } catch {
        failure = ABIError(status: ECODYN_ERROR_INTERNAL, message: "\(error)")
    }
    ek_abi_set_error(failure.message)
    return failure.status
}

/// Reading what a C caller hands over, with the checks that keep bad input from trapping.
enum ABIInput {
    /// The largest count of values one argument may hold (2⁴⁰, far beyond memory).
    static let maximumCount = 1 << 40

    /// A size argument as a count: at most ``maximumCount`` (a negative int passed as size_t lands here too).
    static func count(_ value: Int, _ name: String, minimum: Int = 0) throws(ABIError) -> Int {
        guard value >= minimum, value <= maximumCount else { throw .argument(name, "must be from \(minimum) to 2^40, got \(UInt(bitPattern: value))") }
        return value
    }

    /// The product of sizes, when it can be counted.
    static func product(_ sizes: [Int], _ name: String) throws(ABIError) -> Int {
        guard let total = CheckedCount.product(sizes), total <= maximumCount else {
            throw .argument(name, "\(sizes.map(String.init).joined(separator: " × ")) values is more than one call takes")
        }
        return total
    }

    /// `count` doubles from `pointer` (non-null unless count is 0); finite when `finite`.
    static func values(_ pointer: UnsafePointer<Double>?, _ count: Int, _ name: String, finite: Bool = true) throws(ABIError) -> [Double] {
        guard count > 0 else { return [] }
        guard let pointer else { throw .argument(name, "is NULL; pass \(count) values") }
        let values = Array(UnsafeBufferPointer(start: pointer, count: count))
        if finite, let k = values.firstIndex(where: { !$0.isFinite }) { throw .argument(name, "must hold finite numbers only, got \(values[k]) at [\(k)]") }
        return values
    }

    /// A rows×columns matrix in `layout`.
    static func matrix(_ pointer: UnsafePointer<Double>?, rows: Int, columns: Int, layout: Int32, _ name: String) throws(ABIError) -> Matrix {
        let flat = try values(pointer, try product([rows, columns], name), name)
        switch layout {
        case ECODYN_COLUMN_MAJOR: return try! Matrix(rows: rows, columns: columns, columnMajor: flat)
        case ECODYN_ROW_MAJOR: return try! Matrix(rows: columns, columns: rows, columnMajor: flat).transposed
        default: throw .argument("\(name)_layout", "must be ECODYN_ROW_MAJOR (0) or ECODYN_COLUMN_MAJOR (1), got \(layout)")
        }
    }

    /// A NUL-terminated UTF-8 string.
    static func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(ABIError) -> String {
        guard let pointer else { throw .argument(name, "is NULL; pass a NUL-terminated string") }
        return String(cString: pointer)
    }

    /// The pointee of a required pointer argument.
    static func required<T>(_ pointer: UnsafePointer<T>?, _ name: String) throws(ABIError) -> T {
        guard let pointer else { throw .argument(name, "is NULL") }
        return pointer.pointee
    }

    /// A required output pointer.
    static func output<T>(_ pointer: UnsafeMutablePointer<T>?, _ name: String) throws(ABIError) -> UnsafeMutablePointer<T> {
        guard let pointer else { throw .argument(name, "is NULL; pass where to write the result") }
        return pointer
    }

    /// The thread count of a `threads` field: 0 means all cores.
    static func threads(_ value: Int32) throws(ABIError) -> Int {
        guard value >= 0 else { throw .argument("threads", "must be ≥ 0 (0: all cores), got \(value)") }
        return value == 0 ? ParallelLoop.availableThreads : Int(value)
    }
}

/// Writes a matrix into caller storage in `layout` (already checked).
func write(_ matrix: Matrix, layout: Int32, into out: UnsafeMutablePointer<Double>) {
    let source = layout == ECODYN_COLUMN_MAJOR ? matrix : matrix.transposed
    source.elements.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
}

/// Writes values into caller storage.
func write(_ values: [Double], into out: UnsafeMutablePointer<Double>) {
    values.withUnsafeBufferPointer { if let base = $0.baseAddress { out.update(from: base, count: $0.count) } }
}

/// A Swift value behind an opaque C handle: retained when handed out, released by its _free call.
final class Handle<Value> {
    let value: Value
    /// C strings the handle hands out (parameter names, messages), freed with it.
    private var strings: [UnsafeMutablePointer<CChar>] = []

    init(_ value: Value, strings: [String] = []) {
        self.value = value
        self.strings = strings.map { strdup($0)! }
    }

    deinit { strings.forEach { free($0) } }

    /// The handed-out string number k.
    func string(_ k: Int) -> UnsafePointer<CChar>? { strings.indices.contains(k) ? UnsafePointer(strings[k]) : nil }

    /// A new handle for `value`, written to `out`.
    static func give(_ value: Value, strings: [String] = [], to out: UnsafeMutablePointer<OpaquePointer?>) {
        out.pointee = OpaquePointer(Unmanaged.passRetained(Handle(value, strings: strings)).toOpaque())
    }

    /// The value behind a handle; throws naming `name` when it is NULL.
    static func value(_ handle: OpaquePointer?, _ name: String) throws(ABIError) -> Value {
        guard let handle else { throw .argument(name, "is NULL") }
        return Unmanaged<Handle>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue().value
    }

    /// The handle object itself (for its strings), or nil for NULL.
    static func object(_ handle: OpaquePointer?) -> Handle? {
        handle.map { Unmanaged<Handle>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    /// Releases a handle (NULL is accepted).
    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<Handle>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}
