import Foundation

/// Reading, merging and exporting sweep results files.
public enum SweepFiles {
    /// The facts of a results file and the indices of its points.
    struct Contents {
        var path: String
        var facts: [String: String]
        var indices: [Int]
    }

    /// An existing results file, opened for reading.
    static func open(_ path: String) throws -> SQLiteDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw SweepError("'\(path)' does not exist") }
        return try SQLiteDatabase(path: path, create: false)
    }

    static func read(_ path: String) throws -> Contents {
        let db = try open(path)
        let facts = try SweepStore.facts(db)
        guard facts["spec_hash"] != nil else { throw SweepError("'\(path)' is not an Ecodyn sweep file (no spec hash)") }
        let query = try db.prepare("SELECT idx FROM points ORDER BY idx")
        var indices = [Int]()
        while try query.step() { if case .integer(let i) = query.column(0) { indices.append(i) } }
        return Contents(path: path, facts: facts, indices: indices)
    }

    /// Merges shard files of one sweep into `output`, after checking that they share one spec
    /// hash and hold every point exactly once; the error names missing points and the shard
    /// that owns them, or the files that both hold a point.
    public static func merge(_ inputs: [String], into output: String) throws -> Int {
        guard !inputs.isEmpty else { throw SweepError("name the shard files to merge") }
        let contents = try inputs.map(read)
        let first = contents[0]
        for c in contents.dropFirst() where c.facts["spec_hash"] != first.facts["spec_hash"] {
            throw SweepError("'\(c.path)' belongs to another sweep than '\(first.path)' (spec hash \(c.facts["spec_hash"]!) vs \(first.facts["spec_hash"]!))")
        }
        guard let total = Int(first.facts["total_points"] ?? "") else { throw SweepError("'\(first.path)' does not record its number of points") }
        var owner = [Int](repeating: -1, count: total)
        for (f, c) in contents.enumerated() {
            for i in c.indices {
                guard i >= 0, i < total else { throw SweepError("'\(c.path)' holds point \(i), outside 0..<\(total)") }
                if owner[i] >= 0 { throw SweepError("point \(i) is in both '\(contents[owner[i]].path)' and '\(c.path)'") }
                owner[i] = f
            }
        }
        let missing = owner.indices.filter { owner[$0] < 0 }
        if !missing.isEmpty {
            let shardCount = contents.compactMap { $0.facts["shard"]?.split(separator: "/").last.flatMap { Int($0) } }.first
            let shown = missing.prefix(10).map { i in shardCount.map { "\(i) (shard \(i % $0)/\($0))" } ?? "\(i)" }
            throw SweepError("\(missing.count) of \(total) points are missing: \(shown.joined(separator: ", "))\(missing.count > 10 ? ", …" : ""); run the shards that own them (the same command resumes) and merge again")
        }
        if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
        let description = SweepDescription(specText: first.facts["spec"] ?? "", parameters: lines(first.facts["parameters"]),
                                           metrics: lines(first.facts["metrics"]), totalPoints: total, shard: nil)
        let store = try SweepStore(path: output, sweep: description)
        for c in contents {
            try store.database.execute("ATTACH DATABASE '\(c.path.replacingOccurrences(of: "'", with: "''"))' AS shard")
            try store.database.transaction { try store.database.execute("INSERT INTO main.points SELECT * FROM shard.points") }
            try store.database.execute("DETACH DATABASE shard")
        }
        try store.markFinished()
        return total
    }

    static func lines(_ text: String?) -> [String] { (text ?? "").split(separator: "\n").map(String.init) }

    /// Writes the points table as CSV (header row, points in index order).
    public static func exportCSV(_ path: String, to csv: String) throws -> Int {
        let db = try open(path)
        let query = try db.prepare("SELECT * FROM points ORDER BY idx")
        var text = (0..<query.columnCount).map { field(query.columnName($0)) }.joined(separator: ",") + "\n"
        var rows = 0
        while try query.step() {
            text += (0..<query.columnCount).map { k -> String in
                switch query.column(k) {
                case .real(let d): return "\(d)"
                case .integer(let i): return "\(i)"
                case .text(let s): return field(s)
                case .null: return ""
                }
            }.joined(separator: ",") + "\n"
            rows += 1
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        return rows
    }

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
