import CZlib
import Foundation
import Testing
@testable import Ecodyn

/// PNG files decoded by hand: chunk layout and CRCs checked with a bitwise CRC-32 written here
/// (polynomial 0xEDB88320, as the PNG specification gives it), pixels inflated with zlib.
struct PNGImageTests {
    func crc(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    func be(_ b: ArraySlice<UInt8>) -> Int { b.reduce(0) { $0 << 8 | Int($1) } }

    @Test func decodesToTheDrawnPixels() throws {
        var image = PNGImage(width: 7, height: 5)
        image.set(2, 3, (10, 20, 30))
        image.fill(x: 5, y: 0, w: 2, h: 2, (200, 0, 100))
        let bytes = [UInt8](image.pngData())
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var chunks = [(String, [UInt8])]()
        while offset < bytes.count {
            let length = be(bytes[offset..<(offset + 4)])
            let typed = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            #expect(UInt32(be(bytes[(offset + 8 + length)..<(offset + 12 + length)])) == crc(typed))
            chunks.append((String(decoding: typed[0..<4], as: UTF8.self), Array(typed[4...])))
            offset += 12 + length
        }
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        #expect(be(chunks[0].1[0..<4]) == 7 && be(chunks[0].1[4..<8]) == 5 && chunks[0].1[8] == 8 && chunks[0].1[9] == 2)
        var raw = [UInt8](repeating: 0, count: 5 * (7 * 3 + 1))
        var rawLength = uLongf(raw.count)
        #expect(uncompress(&raw, &rawLength, chunks[1].1, uLong(chunks[1].1.count)) == Z_OK)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(raw[(y * 22 + 1 + 3 * x)..<(y * 22 + 4 + 3 * x)]) }
        #expect(pixel(2, 3) == [10, 20, 30])
        #expect(pixel(6, 1) == [200, 0, 100])
        #expect(pixel(0, 0) == [255, 255, 255])
        #expect((0..<5).allSatisfy { raw[$0 * 22] == 0 })   // filter type 0 on every row
    }

    @Test func viridisEndsAndMiddle() {
        #expect(ColorMap.viridis(0) == (0x44, 0x01, 0x54))
        #expect(ColorMap.viridis(1) == (0xFD, 0xE7, 0x25))
        #expect(ColorMap.viridis(5.0 / 9) == (0x1F, 0x9E, 0x89))
        #expect(ColorMap.viridis(-3) == ColorMap.viridis(0) && ColorMap.viridis(.nan) == ColorMap.viridis(0))
    }

    @Test func textDrawsTheGlyphs() {
        var image = PNGImage(width: 20, height: 10)
        let width = image.text("1", x: 0, y: 0, scale: 1)
        #expect(width == 6)
        // The glyph of "1" has its stem in column 2 of rows 0–6 and a foot across columns 1–3 in row 6.
        #expect(image.pixel(2, 0) == (0, 0, 0) && image.pixel(2, 5) == (0, 0, 0) && image.pixel(1, 6) == (0, 0, 0))
        #expect(image.pixel(0, 0) == (255, 255, 255) && image.pixel(4, 3) == (255, 255, 255))
    }

    @Test func drawingOutsideTheImageIsClipped() {
        var image = PNGImage(width: 10, height: 5)
        image.fill(x: 8, y: 3, w: 10, h: 10, (1, 2, 3))      // partly inside
        image.fill(x: 40, y: 0, w: 5, h: 5, (9, 9, 9))       // right of the image
        image.fill(x: -20, y: -20, w: 5, h: 5, (9, 9, 9))    // above and left
        image.fill(x: .max - 1, y: .max - 1, w: .max, h: .max, (9, 9, 9))
        image.text("a title far wider than the image", x: 2, y: 1)
        #expect(image.pixel(9, 4) == (1, 2, 3) && image.pixel(7, 4) != (1, 2, 3))
        #expect(image.pixel(0, 0) == (255, 255, 255))
    }
}
