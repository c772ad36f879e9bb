import CZlib
import EcodynCore
import Foundation

/// The arrays of a NumPy `.npz` file (`np.savez`, `np.savez_compressed`, SciPy's `save_npz`):
/// a ZIP archive of `.npy` files, stored or deflated (zlib), with ZIP64 sizes as NumPy writes them.
///
/// ```swift
/// let archive = try NPZArchive(contentsOf: url)
/// let data = try archive.array("data")       // NPYArray
/// let format = try archive.text("format")    // "csr"
/// ```
public struct NPZArchive: Sendable {
    /// The members' bytes, by name without the `.npy` suffix.
    private let members: [String: Data]

    /// The names of the arrays.
    public var names: [String] { members.keys.sorted() }

    /// Reads a `.npz` file whose members inflate to at most `sizeLimit` bytes in all.
    public init(contentsOf url: URL, sizeLimit: Int = .max) throws {
        try self.init(npzData: try FileIO.read(url.path), sizeLimit: sizeLimit)
    }

    /// Parses the bytes of a `.npz` file: its central directory, then each member; throws before
    /// inflating anything when the members' stated sizes exceed `sizeLimit` bytes in all, or a
    /// member's exceeds what deflate can expand its bytes to (1032:1).
    public init(npzData data: Data, sizeLimit: Int = .max) throws(NPYError) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) -> Int { let v = UInt64(u32(at)) | UInt64(u32(at + 4)) << 32; return v > UInt64(Int.max) ? Int.max : Int(v) }
        func inside(_ at: Int, _ count: Int) -> Bool { at >= 0 && count >= 0 && at <= bytes.count - count }
        // The end-of-central-directory record, within the last 64 kB + 22 bytes.
        guard bytes.count >= 22, let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 65_557), by: -1)
            .first(where: { u32($0) == 0x0605_4B50 }) else { throw .malformed("not a .npz file (no ZIP directory)") }
        var count = u16(end + 10), directory = u32(end + 16)
        if count == 0xFFFF || directory == 0xFFFF_FFFF, inside(end - 20, 20), u32(end - 20) == 0x0706_4B50 {
            let record = u64(end - 20 + 8)
            guard inside(record, 56), u32(record) == 0x0606_4B50 else { throw .malformed("a broken ZIP64 directory") }
            (count, directory) = (u64(record + 32), u64(record + 48))
        }
        var members = [String: Data](), at = directory, total = 0
        for _ in 0..<count {
            guard inside(at, 46), u32(at) == 0x0201_4B50 else { throw .malformed("a broken ZIP directory entry") }
            let method = u16(at + 10), nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            var (packed, size, offset) = (u32(at + 20), u32(at + 24), u32(at + 42))
            guard inside(at + 46, nameLength + extraLength) else { throw .malformed("a broken ZIP directory entry") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // ZIP64 extra field: the 8-byte values of those that are 0xFFFFFFFF, in order.
            var extra = at + 46 + nameLength
            while extra + 4 <= at + 46 + nameLength + extraLength {
                let (id, length) = (u16(extra), u16(extra + 2))
                if id == 1 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF, inside(field, 8) { size = u64(field); field += 8 }
                    if packed == 0xFFFF_FFFF, inside(field, 8) { packed = u64(field); field += 8 }
                    if offset == 0xFFFF_FFFF, inside(field, 8) { offset = u64(field) }
                }
                extra += 4 + length
            }
            guard inside(offset, 30), u32(offset) == 0x0403_4B50 else { throw .malformed("'\(name)': a broken ZIP entry") }
            let start = offset + 30 + u16(offset + 26) + u16(offset + 28)
            guard inside(start, packed) else { throw .malformed("'\(name)': its data run past the end of the file") }
            let stored = bytes[start..<(start + packed)]
            total = total > Int.max - size ? Int.max : total + size
            guard total <= sizeLimit else { throw .malformed("its arrays would take more than \(sizeLimit) bytes") }
            guard method == 0 || size / 1032 <= packed else { throw .malformed("'\(name)': a stated size of \(size) bytes from \(packed) deflated ones") }
            switch method {
            case 0: members[name] = Data(stored)
            case 8: members[name] = try Self.inflate(Array(stored), size: size, name: name)
            default: throw .unsupported("'\(name)': ZIP compression method \(method) (NumPy writes 0, stored, or 8, deflate)")
            }
            at += 46 + nameLength + extraLength + commentLength
        }
        self.members = Dictionary(uniqueKeysWithValues: members.map { (String($0.key.hasSuffix(".npy") ? $0.key.dropLast(4) : Substring($0.key)), $0.value) })
    }

    /// The array `name` as numbers.
    public func array(_ name: String) throws(NPYError) -> NPYArray {
        guard let data = members[name] else { throw .malformed("no array '\(name)' (it has \(names.joined(separator: ", ")))") }
        return try NPYArray(npyData: data)
    }

    /// The byte-string scalar `name` (dtype `|S`, as SciPy stores a matrix's format).
    public func text(_ name: String) throws(NPYError) -> String {
        guard let data = members[name] else { throw .malformed("no array '\(name)' (it has \(names.joined(separator: ", ")))") }
        let bytes = [UInt8](data)
        guard bytes.count > 10, let close = bytes.lastIndex(of: UInt8(ascii: "\n")) else { throw .malformed("'\(name)' is not a .npy array") }
        return String(decoding: bytes[(close + 1)...].filter { $0 != 0 }, as: UTF8.self)
    }

    /// Raw deflate (zlib with −15 window bits) of a member whose size is known.
    private static func inflate(_ packed: [UInt8], size: Int, name: String) throws(NPYError) -> Data {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed("'\(name)': zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var input = packed
        let status = input.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o -> Int32 in
                stream.next_in = i.baseAddress
                stream.avail_in = uInt(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(size)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { throw .malformed("'\(name)': its deflated data are damaged") }
        return Data(out.prefix(size))
    }
}

extension SparseMatrix {
    /// A matrix saved by `scipy.sparse.save_npz` in CSR, CSC or COO format; throws naming what
    /// is missing or inconsistent.
    public init(npz archive: NPZArchive) throws(NPYError) {
        let format = try archive.text("format")
        let shape = try archive.array("shape").values
        guard shape.count == 2, shape.allSatisfy({ $0 >= 0 && $0 < 0x1p31 && $0 == $0.rounded() }) else {
            throw .malformed("shape \(shape) is not the shape of a matrix")
        }
        let (rows, columns) = (Int(shape[0]), Int(shape[1]))
        let data = try archive.array("data").values
        func indices(_ name: String) throws(NPYError) -> [Int] {
            let v = try archive.array(name).values
            guard v.allSatisfy({ $0 >= 0 && $0 < 0x1p53 && $0 == $0.rounded() }) else { throw .malformed("'\(name)' must hold indices (integers ≥ 0)") }
            return v.map { Int($0) }
        }
        switch format {
        case "csr", "csc":
            let (pointer, index) = (try indices("indptr"), try indices("indices"))
            let outer = format == "csr" ? rows : columns
            guard pointer.count == outer + 1, index.count == data.count, pointer.last == data.count,
                  zip(pointer, pointer.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw .malformed("indptr, indices and data do not describe a \(rows)×\(columns) \(format) matrix")
            }
            var major = [Int](repeating: 0, count: data.count)
            for i in 0..<outer { for k in pointer[i]..<pointer[i + 1] { major[k] = i } }
            self = try Self.checked(format == "csr"
                ? { () throws(LinearAlgebraError) in try SparseMatrix(rows: rows, columns: columns, rowIndices: major, columnIndices: index, values: data) }
                : { () throws(LinearAlgebraError) in try SparseMatrix(rows: rows, columns: columns, rowIndices: index, columnIndices: major, values: data) })
        case "coo":
            let (row, column) = (try indices("row"), try indices("col"))
            self = try Self.checked { () throws(LinearAlgebraError) in try SparseMatrix(rows: rows, columns: columns, rowIndices: row, columnIndices: column, values: data) }
        default:
            throw .unsupported("sparse format '\(format)' (save δ as csr, csc or coo)")
        }
    }

    private static func checked(_ make: () throws(LinearAlgebraError) -> SparseMatrix) throws(NPYError) -> SparseMatrix {
        do { return try make() } catch { throw .malformed("\(error)") }
    }
}
