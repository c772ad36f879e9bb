import EcodynCore
import Foundation

/// An n-dimensional array of `Double` read from or written to NumPy's `.npy` format
/// (versions 1.0 to 3.0; little-endian float64, float32, int64 and int32 are read, float64 is written).
///
/// ```swift
/// try NPYArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]).write(to: url)
/// let back = try NPYArray(contentsOf: url)   // shape [2, 3], row-major values
/// ```
public struct NPYArray: Equatable, Sendable {
    /// The extent of each axis.
    public var shape: [Int]
    /// The entries in C (row-major) order.
    public var values: [Double]

    /// An array of the given shape over row-major `values`.
    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// The array as a matrix, when it has two axes.
    public func matrix() throws(NPYError) -> Matrix {
        guard shape.count == 2 else { throw .unsupported("expected a 2-D array, the file holds shape \(shape)") }
        var m = Matrix(rows: shape[0], columns: shape[1])
        for i in 0..<shape[0] {
            for j in 0..<shape[1] { m[i, j] = values[i * shape[1] + j] }
        }
        return m
    }

    /// A matrix as a 2-D array.
    public init(_ matrix: Matrix) {
        self.init(shape: [matrix.rows, matrix.columns], values: matrix.transposed.elements)
    }
}

/// Why an `.npy` file could not be read.
public enum NPYError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "not a valid .npy file: \(why)"
        case .unsupported(let why): return "unsupported .npy content: \(why)"
        }
    }
}

extension NPYArray {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads a `.npy` file.
    public init(contentsOf url: URL) throws {
        try self.init(npyData: try FileIO.read(url.path))
    }

    /// Parses the bytes of a `.npy` file.
    public init(npyData data: Data) throws(NPYError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else { throw .malformed("missing the \\x93NUMPY magic") }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard (1...3).contains(major), bytes.count >= headerStart else { throw .unsupported("format version \(major)") }
        let headerLength = major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= headerStart + headerLength,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
        else { throw .malformed("header shorter than its stated length") }
        let descr = try Self.field("descr", in: header)
        let fortran: Bool
        switch try Self.field("fortran_order", in: header) {
        case "True": fortran = true
        case "False": fortran = false
        case let other: throw .malformed("fortran_order is '\(other)', expected True or False")
        }
        let shape = try Self.shape(in: header)
        guard let count = CheckedCount.product(shape + [8]).map({ $0 / 8 }) else {
            throw .malformed("shape \(shape) holds more values than can be counted")
        }
        let payload = bytes[(headerStart + headerLength)...]
        let width: Int
        let decode: (UInt64) -> Double
        switch descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) {
        case "<f8": width = 8; decode = { Double(bitPattern: $0) }
        case "<f4": width = 4; decode = { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case "<i8": width = 8; decode = { Double(Int64(bitPattern: $0)) }
        case "<i4": width = 4; decode = { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case let other: throw .unsupported("dtype \(other) (use little-endian float64, float32, int64 or int32)")
        }
        guard payload.count / width >= count else {
            throw .malformed("\(payload.count) data bytes cannot hold \(count) values of \(width) bytes")
        }
        var values = [Double](repeating: 0, count: count)
        var offset = payload.startIndex
        for k in 0..<count {
            var raw: UInt64 = 0
            for b in 0..<width { raw |= UInt64(bytes[offset + b]) << (8 * UInt64(b)) }
            values[k] = decode(raw)
            offset += width
        }
        if fortran && shape.count > 1 { values = Self.fortranToC(values, shape: shape) }
        self.init(shape: shape, values: values)
    }

    /// The bytes of this array as a version 1.0 `.npy` file (float64, C order).
    public func npyData() -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var data = Data(Self.magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 8)) }
        return data
    }

    /// Writes this array to `url` as a `.npy` file, atomically.
    public func write(to url: URL) throws(FileError) {
        try FileIO.write(npyData(), to: url.path)
    }

    private static func field(_ name: String, in header: String) throws(NPYError) -> String {
        guard let key = header.range(of: "'\(name)'") ?? header.range(of: "\"\(name)\""),
              let colon = header[key.upperBound...].firstIndex(of: ":")
        else { throw .malformed("header has no '\(name)'") }
        let rest = header[header.index(after: colon)...].drop(while: { $0 == " " })
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
    }

    private static func shape(in header: String) throws(NPYError) -> [Int] {
        guard let key = header.range(of: "'shape'"),
              let open = header[key.upperBound...].firstIndex(of: "("),
              let close = header[open...].firstIndex(of: ")")
        else { throw .malformed("header has no shape tuple") }
        let parts = header[header.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape = [Int]()
        for part in parts {
            guard let extent = Int(part), extent >= 0 else { throw .malformed("shape entry '\(part)'") }
            shape.append(extent)
        }
        return shape
    }

    private static func fortranToC(_ values: [Double], shape: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for k in 0..<values.count {
            // k walks C order; find the Fortran offset of the same multi-index.
            var fortranOffset = 0, stride = 1
            for axis in 0..<shape.count { fortranOffset += index[axis] * stride; stride *= shape[axis] }
            out[k] = values[fortranOffset]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
