import EcodynCore
import EcodynFiles
import Foundation

/// Reading, merging and exporting sweep results files.
public enum SweepFiles {
    /// The facts of a results file, its columns and the indices of its points.
    struct Contents {
        var path: String
        var facts: [String: String]
        var columns: [String]
        var indices: [Int]
        var totalPoints: Int
    }

    /// An existing results file, opened for reading only (it is never changed) after SQLite's
    /// quick check of its structure.
    static func open(_ path: String) throws -> SQLiteDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw SweepError("'\(path)' does not exist") }
        return try readable(path) {
            let db = try SQLiteDatabase(path: path, mode: .readOnly)
            let check = try db.prepare("PRAGMA quick_check")
            guard try check.step(), case .text("ok") = check.column(0) else {
                throw SQLiteError(description: "the quick check found damage")
            }
            return db
        }
    }

    /// `body`, with SQLite's errors about the file at `path` as one ``SweepError`` naming it.
    static func readable<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SQLiteError {
            throw SweepError("'\(path)' is not a readable Ecodyn results file (SQLite: \(error.description)); re-run the sweep or shard that wrote it")
        }
    }

    /// The facts of the results file `db` at `path`: its sweep table, checked to describe a sweep.
    static func facts(_ db: SQLiteDatabase, path: String) throws -> [String: String] {
        let facts = try readable(path) { try SweepStore.facts(db) }
        guard facts["spec_hash"] != nil else { throw SweepError("'\(path)' is not an Ecodyn sweep file (no spec hash)") }
        return facts
    }

    static func read(_ path: String) throws -> Contents {
        let db = try open(path)
        let facts = try facts(db, path: path)
        guard let total = facts["total_points"].flatMap({ Int($0) }), total >= 1, total <= 1 << 53 else {
            throw SweepError("'\(path)' records no valid number of points (total_points = \(facts["total_points"] ?? "missing")); re-run the sweep that wrote it")
        }
        let expected = ["idx"] + lines(facts["parameters"]) + lines(facts["metrics"]) + ["status", "message", "seconds"]
        return try readable(path) {
            let info = try db.prepare("PRAGMA table_info(points)")
            var columns = [String]()
            while try info.step() { if case .text(let name) = info.column(1) { columns.append(name) } }
            guard columns == expected else {
                throw SweepError("'\(path)' has the columns (\(columns.joined(separator: ", "))) but its sweep records (\(expected.joined(separator: ", "))); it was changed after the sweep wrote it")
            }
            let query = try db.prepare("SELECT idx FROM points ORDER BY idx")
            var indices = [Int]()
            while try query.step() {
                guard case .integer(let i) = query.column(0) else { throw SweepError("'\(path)' holds a point without an integer index") }
                indices.append(i)
            }
            return Contents(path: path, facts: facts, columns: columns, indices: indices, totalPoints: total)
        }
    }

    /// Merges shard files of one sweep into `output`, after checking every input (SQLite's quick
    /// check, the columns its sweep records, one spec hash and point count for all) and that they
    /// hold every point exactly once; the error names missing points and the shard that owns them,
    /// or the files that both hold a point. The merged file is written beside `output` and renamed
    /// into place only when complete: a failure (a full disk, a bad input) leaves `output` as it
    /// was. No input is changed, and `output` may not be one of them.
    public static func merge(_ inputs: [String], into output: String) throws -> Int {
        guard !inputs.isEmpty else { throw SweepError("name the shard files to merge") }
        try OutputPath.checkFile(output, option: "-o", example: "all.sqlite")
        for input in inputs where sameFile(input, output) {
            throw SweepError("'\(output)' is also an input; merge into another file")
        }
        if FileManager.default.fileExists(atPath: output) {
            guard (try? facts(open(output), path: output)) != nil else {
                throw SweepError("'\(output)' exists and is not an Ecodyn results file; choose another -o or remove it")
            }
            guard (try? FileManager.default.attributesOfItem(atPath: output + "-wal")[.size] as? Int) ?? 0 == 0 else {
                throw SweepError("'\(output)' has a write-ahead log (\(output)-wal): a sweep may still be writing it; choose another -o")
            }
        }
        let contents = try inputs.map(read)
        let first = contents[0]
        for c in contents.dropFirst() {
            guard c.facts["spec_hash"] == first.facts["spec_hash"] else {
                throw SweepError("'\(c.path)' belongs to another sweep than '\(first.path)' (spec hash \(c.facts["spec_hash"]!) vs \(first.facts["spec_hash"]!))")
            }
            guard c.totalPoints == first.totalPoints, c.columns == first.columns else {
                throw SweepError("'\(c.path)' and '\(first.path)' share a spec hash but not their points or columns; one of them was changed")
            }
        }
        let total = first.totalPoints
        var owners = contents.enumerated().flatMap { f, c in c.indices.map { ($0, f) } }
        owners.sort { $0.0 < $1.0 }
        for (k, (i, f)) in owners.enumerated() {
            guard i >= 0, i < total else { throw SweepError("'\(contents[f].path)' holds point \(i), outside 0..<\(total)") }
            if k > 0, owners[k - 1].0 == i { throw SweepError("point \(i) is in both '\(contents[owners[k - 1].1].path)' and '\(contents[f].path)'") }
        }
        if owners.count < total {
            var missing = [Int](), next = 0
            for (i, _) in owners + [(total, 0)] {
                while next < i, missing.count < 10 { missing.append(next); next += 1 }
                next = i + 1
            }
            let shardCount = contents.compactMap { $0.facts["shard"]?.split(separator: "/").last.flatMap { Int($0) } }.first.flatMap { $0 >= 1 ? $0 : nil }
            let shown = missing.map { i in shardCount.map { "\(i) (shard \(i % $0)/\($0))" } ?? "\(i)" }
            throw SweepError("\(total - owners.count) of \(total) points are missing: \(shown.joined(separator: ", "))\(total - owners.count > 10 ? ", …" : ""); run the shards that own them (the same command resumes) and merge again")
        }
        let description = SweepDescription(specText: first.facts["spec"] ?? "", parameters: lines(first.facts["parameters"]),
                                           metrics: lines(first.facts["metrics"]), totalPoints: total, shard: nil)
        let temporary = FileIO.temporaryPath(beside: output)
        let token = Interruption.register(temporary)
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
            Interruption.done(token)
        }
        do { try writeMerged(contents, description: description, to: temporary) } catch let error as SQLiteError {
            throw FileError(path: output, "cannot write: \(error.description)")
        }
        guard rename(temporary, output) == 0 else { throw FileError.system(output, "cannot write") }
        return total
    }

    /// Copies the points of `contents` into a new results file at `path`, closed on return.
    private static func writeMerged(_ contents: [Contents], description: SweepDescription, to path: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        let store = try SweepStore(path: path, sweep: description)
        let width = contents[0].columns.count
        let insert = try store.database.prepare("INSERT INTO points VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))")
        for c in contents {
            let source = try open(c.path)
            try readable(c.path) {
                let rows = try source.prepare("SELECT * FROM points ORDER BY idx")
                try store.database.transaction {
                    while try rows.step() {
                        for k in 0..<Int32(width) { insert.bind(k + 1, rows.column(k)) }
                        try insert.step()
                        insert.reset()
                    }
                }
            }
        }
        try store.markFinished()
    }

    /// Whether two paths name one file (following links).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    static func lines(_ text: String?) -> [String] { (text ?? "").split(separator: "\n").map(String.init) }

    /// Writes the points table as CSV (header row, points in index order).
    public static func exportCSV(_ path: String, to csv: String) throws -> Int {
        try OutputPath.checkFile(csv, option: "--csv", example: "points.csv")
        guard !sameFile(path, csv) else { throw SweepError("'\(csv)' is the results file itself; write the CSV to another file") }
        let db = try open(path)
        _ = try facts(db, path: path)
        return try readable(path) { try writeCSV(db, to: csv) }
    }

    private static func writeCSV(_ db: SQLiteDatabase, to csv: String) throws -> Int {
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
        try FileIO.write(text, to: csv)
        return rows
    }

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
