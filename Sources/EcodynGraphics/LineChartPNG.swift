import EcodynCore

extension SVGLinePlot {
    /// The same chart as a PNG picture (the built-in bitmap font, lines two pixels wide, dashed
    /// series in 6-on 4-off dashes): for viewers that show pixels, not SVG.
    public func png() -> PNGImage {
        let (w, h) = (Int(width), Int(height))
        var image = PNGImage(width: w, height: h)
        let ((x0, x1), (y0, y1)) = ranges
        let left = 80.0, right = width - 170, top = 40.0, bottom = height - 60
        func px(_ x: Double) -> Int { Int((left + (x - x0) / (x1 - x0) * (right - left)).rounded()) }
        func py(_ y: Double) -> Int { Int((bottom - (y - y0) / (y1 - y0) * (bottom - top)).rounded()) }
        let grey: PNGImage.Color = (229, 229, 229), dark: PNGImage.Color = (51, 51, 51)
        image.text(title, x: max(0, w / 2 - PNGImage.textWidth(title) / 2), y: 4)
        for t in Self.ticks(x0, x1) {
            image.line(px(t), Int(top), px(t), Int(bottom), grey)
            let label = Self.label(t)
            image.text(label, x: px(t) - PNGImage.textWidth(label, scale: 1) / 2, y: Int(bottom) + 6, scale: 1)
        }
        for t in Self.ticks(y0, y1) {
            image.line(Int(left), py(t), Int(right), py(t), grey)
            let label = Self.label(t)
            image.text(label, x: Int(left) - 6 - PNGImage.textWidth(label, scale: 1), y: py(t) - 4, scale: 1)
        }
        for (a, b, c, d) in [(left, top, right, top), (left, bottom, right, bottom), (left, top, left, bottom), (right, top, right, bottom)] {
            image.line(Int(a), Int(b), Int(c), Int(d), dark)
        }
        image.text(xLabel, x: Int((left + right) / 2) - PNGImage.textWidth(xLabel, scale: 1) / 2, y: h - 28, scale: 1)
        image.text(yLabel, x: 4, y: Int(top) - 12, scale: 1)
        for (k, s) in series.enumerated() {
            let colour = Self.rgb(Self.palette[(s.colour ?? k) % Self.palette.count])
            let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map { (px($0.0), py($0.1)) }
            var dash = 0.0
            for (p, q) in zip(points, points.dropFirst()) { Self.segment(&image, p, q, colour, dashed: s.dashed, phase: &dash) }
        }
        for (row, (k, s)) in legendEntries.enumerated() {
            let colour = Self.rgb(Self.palette[(s.colour ?? k) % Self.palette.count])
            let ly = Int(top) + 10 + row * 20
            var dash = 0.0
            Self.segment(&image, (Int(right) + 12, ly), (Int(right) + 36, ly), colour, dashed: s.dashed, phase: &dash)
            image.text(s.name, x: Int(right) + 42, y: ly - 4, scale: 1)
        }
        for m in markers where m.x.isFinite && m.y.isFinite {
            image.fill(x: px(m.x) - 3, y: py(m.y) - 3, w: 7, h: 7, (0, 0, 0))
            image.text(m.label, x: px(m.x) + 7, y: py(m.y) - 14, scale: 1)
        }
        return image
    }

    /// A two-pixel line from p to q, in dashes of 6 on and 4 off when `dashed` (the phase runs on
    /// from segment to segment).
    static func segment(_ image: inout PNGImage, _ p: (Int, Int), _ q: (Int, Int), _ c: PNGImage.Color, dashed: Bool, phase: inout Double) {
        let (dx, dy) = (Double(q.0 - p.0), Double(q.1 - p.1))
        let length = (dx * dx + dy * dy).squareRoot()
        guard length.isFinite, length < 1e5 else { return }
        let steps = max(1, Int(length.rounded(.up)))
        for k in 0...steps {
            let f = Double(k) / Double(steps)
            if dashed, (phase + f * length).truncatingRemainder(dividingBy: 10) >= 6 { continue }
            let (x, y) = (p.0 + Int((f * dx).rounded()), p.1 + Int((f * dy).rounded()))
            image.set(x, y, c)
            image.set(x + 1, y, c)
            image.set(x, y + 1, c)
        }
        phase += length
    }

    /// "#RRGGBB" as a colour.
    static func rgb(_ hex: String) -> PNGImage.Color {
        let v = UInt32(hex.dropFirst(), radix: 16) ?? 0
        return (UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }
}
