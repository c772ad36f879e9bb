import CZlib
import EcodynCore
import EcodynFiles
import Foundation

/// An RGB image written as PNG (8 bits per channel, deflate through the system zlib), with the
/// few drawing operations that maps and fields need: pixels, rectangles, lines and text.
public struct PNGImage: Sendable {
    public let width: Int, height: Int
    /// Row-major RGB bytes.
    public var pixels: [UInt8]

    public typealias Color = (r: UInt8, g: UInt8, b: UInt8)

    public init(width: Int, height: Int, background: Color = (255, 255, 255)) {
        precondition(width > 0 && height > 0, "an image needs a positive size")
        (self.width, self.height) = (width, height)
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for k in 0..<(width * height) { (pixels[3 * k], pixels[3 * k + 1], pixels[3 * k + 2]) = background }
    }

    /// Sets one pixel (ignored outside the image).
    public mutating func set(_ x: Int, _ y: Int, _ c: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let k = 3 * (y * width + x)
        (pixels[k], pixels[k + 1], pixels[k + 2]) = c
    }

    /// The colour of one pixel.
    public func pixel(_ x: Int, _ y: Int) -> Color {
        let k = 3 * (y * width + x)
        return (pixels[k], pixels[k + 1], pixels[k + 2])
    }

    /// Fills the rectangle [x, x + w) × [y, y + h); the part outside the image is clipped.
    public mutating func fill(x: Int, y: Int, w: Int, h: Int, _ c: Color) {
        let (x0, x1) = (max(0, x), min(width, x.addingReportingOverflow(max(w, 0)).overflow ? width : x + max(w, 0)))
        let (y0, y1) = (max(0, y), min(height, y.addingReportingOverflow(max(h, 0)).overflow ? height : y + max(h, 0)))
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { set(xx, yy, c) } }
    }

    /// A one-pixel line (Bresenham).
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: Color) {
        var (x, y) = (x0, y0)
        let dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x, y, c)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Text in the built-in 5×8 font (lower case), each font pixel drawn `scale`×`scale`, with its
    /// top-left corner at (x, y). Returns the width drawn.
    @discardableResult
    public mutating func text(_ s: String, x: Int, y: Int, scale: Int = 2, _ c: Color = (0, 0, 0)) -> Int {
        var cursor = x
        for ch in s.lowercased() {
            let glyph = BitmapFont.glyph(ch)
            for (row, bits) in glyph.enumerated() {
                for col in 0..<5 where bits & (0x10 >> col) != 0 {
                    fill(x: cursor + col * scale, y: y + row * scale, w: scale, h: scale, c)
                }
            }
            cursor += 6 * scale
        }
        return cursor - x
    }

    /// The width of `s` in pixels at `scale`.
    public static func textWidth(_ s: String, scale: Int = 2) -> Int { s.count * 6 * scale }

    /// The PNG bytes.
    public func pngData() -> Data {
        var raw = [UInt8]()
        raw.reserveCapacity(height * (3 * width + 1))
        for y in 0..<height {
            raw.append(0)   // filter: none
            raw.append(contentsOf: pixels[(3 * y * width)..<(3 * (y + 1) * width)])
        }
        var length = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&compressed, &length, raw, uLong(raw.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func chunk(_ type: String, _ body: [UInt8]) {
            let typed = Array(type.utf8) + body
            data.append(contentsOf: Self.bigEndian(UInt32(body.count)))
            data.append(contentsOf: typed)
            data.append(contentsOf: Self.bigEndian(UInt32(crc32(0, typed, uInt(typed.count)))))
        }
        chunk("IHDR", Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        chunk("IDAT", Array(compressed[0..<Int(length)]))
        chunk("IEND", [])
        return data
    }

    /// Writes the image to `url` atomically.
    public func write(to url: URL) throws(FileError) { try FileIO.write(pngData(), to: url.path) }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
