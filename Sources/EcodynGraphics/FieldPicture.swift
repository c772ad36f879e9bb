import EcodynCore
import Foundation

/// A picture of one species on a 2-D grid (or the middle slice of a 3-D one): viridis, with a
/// colour bar labelled by the field's range, and a title. Labels wider than the image are
/// clipped; non-finite cells are drawn in the colour of the low end.
public enum FieldPicture {
    public static func render(_ field: [Double], grid: Grid, title: String) -> PNGImage {
        let (nx, ny) = (grid.nx, grid.dimensions >= 2 ? grid.ny : 1)
        let slice = grid.dimensions == 3 ? Array(field[(grid.nz / 2 * nx * ny)..<((grid.nz / 2 + 1) * nx * ny)]) : field
        let cell = max(1, min(512 / nx, 512 / max(ny, 1)))
        let rowHeight = grid.dimensions == 1 ? max(cell, 40) : cell
        let plotW = nx * cell, plotH = ny * rowHeight
        let left = 20, top = 40
        var image = PNGImage(width: left + plotW + 140, height: top + plotH + 30)
        let finite = slice.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let span = hi - lo
        for j in 0..<ny {
            for i in 0..<nx {
                let t = span > 0 && span.isFinite ? (slice[j * nx + i] - lo) / span : 0.5
                image.fill(x: left + i * cell, y: top + (ny - 1 - j) * rowHeight, w: cell, h: rowHeight, ColorMap.viridis(t))
            }
        }
        image.text(title, x: left, y: 10)
        let barX = left + plotW + 20, barH = min(plotH, 300)
        for r in 0..<barH { image.fill(x: barX, y: top + r, w: 20, h: 1, ColorMap.viridis(1 - Double(r) / Double(max(barH - 1, 1)))) }
        image.text(String(format: "%.5g", hi), x: barX + 26, y: top - 4)
        image.text(String(format: "%.5g", lo), x: barX + 26, y: top + barH - 12)
        return image
    }
}
