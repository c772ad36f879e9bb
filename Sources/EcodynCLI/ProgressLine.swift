import Foundation

/// Work done / total (points of a sweep, steps of a run), rate and time left on one line of
/// standard error, redrawn in place.
final class ProgressLine {
    let enabled: Bool
    let unit: String
    let start = Date()
    var lastDraw = Date.distantPast
    var first: Int?

    init(unit: String, enabled: Bool) { (self.unit, self.enabled) = (unit, enabled) }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        if first == nil { first = done }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done - first!) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let percent = String(format: "%.1f", 100 * Double(done) / Double(max(total, 1)))
        let line = "\r\(done) / \(total) \(unit) (\(percent)%)  \(Int(rate.rounded())) \(unit)/s  ETA \(Int(left.rounded())) s   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}
