import Foundation
import Testing
@testable import Ecodyn

struct NPYTests {
    /// A .npy file assembled byte by byte from the format description (NEP 1 / numpy.lib.format):
    /// magic, version 1.0, little-endian header length, a Python dict header padded to 64 bytes.
    func handMade(descr: String, fortran: Bool, shape: String, payload: [UInt8]) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]
        bytes += Array(header.utf8) + payload
        return Data(bytes)
    }

    func littleEndian(_ values: [Double]) -> [UInt8] {
        values.flatMap { v in (0..<8).map { UInt8((v.bitPattern >> (8 * UInt64($0))) & 0xFF) } }
    }

    @Test func readsAHandMadeFloat64Matrix() throws {
        let data = handMade(descr: "<f8", fortran: false, shape: "(2, 3)", payload: littleEndian([1, 2, 3, 4, 5, 6]))
        let array = try NPYArray(npyData: data)
        #expect(array.shape == [2, 3])
        #expect(try array.matrix().rowArrays == [[1, 2, 3], [4, 5, 6]])
    }

    @Test func readsFortranOrder() throws {
        // The same 2×3 matrix stored column by column.
        let data = handMade(descr: "<f8", fortran: true, shape: "(2, 3)", payload: littleEndian([1, 4, 2, 5, 3, 6]))
        #expect(try NPYArray(npyData: data).values == [1, 2, 3, 4, 5, 6])
    }

    @Test func readsInt64() throws {
        let payload = [Int64(-3), 7].flatMap { v in (0..<8).map { UInt8((UInt64(bitPattern: v) >> (8 * UInt64($0))) & 0xFF) } }
        let data = handMade(descr: "<i8", fortran: false, shape: "(2,)", payload: payload)
        #expect(try NPYArray(npyData: data).values == [-3, 7])
    }

    @Test func writesWhatItReads() throws {
        let array = NPYArray(shape: [3, 1, 2], values: [0.1, -2, .pi, 1e300, -0.0, 42])
        let data = array.npyData()
        #expect(data.count % 64 == 48 % 64 || (data.count - 48) % 64 == 0)  // header block is a multiple of 64
        #expect((10 + Int(data[8])) % 64 == 0)
        #expect(try NPYArray(npyData: data) == array)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-npy-\(UInt64.random(in: 0...UInt64.max)).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try array.write(to: url)
        #expect(try NPYArray(contentsOf: url) == array)
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: NPYError.self) { try NPYArray(npyData: Data("hello".utf8)) }
        let bigEndian = handMade(descr: ">f8", fortran: false, shape: "(1,)", payload: littleEndian([1]))
        #expect(throws: NPYError.self) { try NPYArray(npyData: bigEndian) }
        let short = handMade(descr: "<f8", fortran: false, shape: "(4,)", payload: littleEndian([1]))
        #expect(throws: NPYError.self) { try NPYArray(npyData: short) }
    }

    @Test func aFortranOrderThatIsNeitherTrueNorFalseIsRefused() throws {
        var data = handMade(descr: "<f8", fortran: false, shape: "(2, 2)", payload: littleEndian([1, 2, 3, 4]))
        let at = try #require(data.range(of: Data("False".utf8)))
        data.replaceSubrange(at, with: Data("Maybe".utf8))
        #expect(throws: NPYError.malformed("fortran_order is 'Maybe', expected True or False")) { try NPYArray(npyData: data) }
    }

    @Test func aShapeWhoseCountOverflowsIsRefusedWithoutAllocating() throws {
        // 2⁶² × 4 values: the product wraps in Int; 2⁶⁰ × 2 fits but the 16-byte payload cannot hold it.
        for shape in ["(4611686018427387904, 4)", "(1152921504606846976, 2)", "(9223372036854775807,)"] {
            let data = handMade(descr: "<f8", fortran: false, shape: shape, payload: littleEndian([1, 2]))
            #expect(throws: NPYError.self) { try NPYArray(npyData: data) }
        }
    }
}
