import EcodynCore
import EcodynFiles
import Foundation

/// What identifies a sweep in its results file.
public struct SweepDescription: Sendable {
    public var specText: String
    public var parameters: [String]
    public var metrics: [String]
    public var totalPoints: Int
    /// (K, N) when this file holds shard K of N.
    public var shard: Shard?

    /// A 64-bit FNV-1a hash of the spec text, in hex: resuming checks it.
    public var specHash: String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in specText.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(h, radix: 16)
    }

    public init(specText: String, parameters: [String], metrics: [String], totalPoints: Int, shard: Shard?) {
        (self.specText, self.parameters, self.metrics, self.totalPoints, self.shard) = (specText, parameters, metrics, totalPoints, shard)
    }
}

/// Why a results file cannot take this sweep.
public struct SweepError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A sweep's results in SQLite: a `points` table (index, parameters, metrics, status, message,
/// seconds) and a `sweep` table of key–value facts (spec, spec hash, version, times, machine).
/// WAL journal; rows arrive in batches, one transaction each, so an interrupted sweep keeps every
/// committed point.
///
/// One process writes a results file at a time: the store holds an exclusive `flock` on it, and
/// a second sweep on the same file is refused with a clear message (readers such as `render`,
/// `export` or the sqlite3 shell are not locked out).
public final class SweepStore {
    public let path: String
    let database: SQLiteDatabase
    let description: SweepDescription
    private let insert: SQLiteStatement
    private let lock: FileLock

    /// Opens `path` for `sweep`, creating the tables, or checks that the file holds this very sweep.
    public init(path: String, sweep: SweepDescription) throws {
        self.path = path
        description = sweep
        lock = try FileLock(path, busy: SweepError("'\(path)' is being written by another ecodyn process; wait for it to finish, or write to another --out file"))
        let database = try SQLiteDatabase(path: path)
        self.database = database
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try database.execute("CREATE TABLE IF NOT EXISTS sweep (key TEXT PRIMARY KEY, value TEXT)")
        let existing = try Self.facts(database)
        if let hash = existing["spec_hash"] {
            guard hash == sweep.specHash else {
                throw SweepError("'\(path)' holds a different sweep (spec hash \(hash), this spec \(sweep.specHash)): write to another --out file, or delete it to start over")
            }
            let shard = sweep.shard.map { "\($0.index)/\($0.count)" } ?? "all"
            guard existing["shard"] == shard else {
                throw SweepError("'\(path)' holds shard \(existing["shard"] ?? "?") of this sweep, not \(shard)")
            }
        } else {
            let columns = sweep.parameters.map { "\(SQLiteDatabase.quoted($0)) REAL" } + sweep.metrics.map { SQLiteDatabase.quoted($0) }
            try database.transaction {
                try database.execute("CREATE TABLE points (idx INTEGER PRIMARY KEY, \(columns.joined(separator: ", ")), status TEXT, message TEXT, seconds REAL)")
                let facts: [(String, String)] = [
                    ("spec", sweep.specText), ("spec_hash", sweep.specHash), ("ecodyn_version", EcodynVersion.version),
                    ("started", ISO8601DateFormatter().string(from: Date())), ("machine", Self.machine),
                    ("total_points", String(sweep.totalPoints)), ("parameters", sweep.parameters.joined(separator: "\n")),
                    ("metrics", sweep.metrics.joined(separator: "\n")),
                    ("shard", sweep.shard.map { "\($0.index)/\($0.count)" } ?? "all"),
                ]
                let put = try database.prepare("INSERT INTO sweep (key, value) VALUES (?, ?)")
                for (key, value) in facts {
                    put.bind(1, .text(key)); put.bind(2, .text(value))
                    try put.step(); put.reset()
                }
            }
        }
        let width = 1 + sweep.parameters.count + sweep.metrics.count + 3
        insert = try database.prepare("INSERT OR REPLACE INTO points VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))")
    }

    static var machine: String {
        let info = ProcessInfo.processInfo
        return "\(info.hostName), \(info.activeProcessorCount) cores, \(info.operatingSystemVersionString)"
    }

    static func facts(_ db: SQLiteDatabase) throws -> [String: String] {
        let query = try db.prepare("SELECT key, value FROM sweep")
        var facts = [String: String]()
        while try query.step() {
            if case .text(let k) = query.column(0), case .text(let v) = query.column(1) { facts[k] = v }
        }
        return facts
    }

    /// The points that have a row.
    public func finishedPoints() throws -> PointSet {
        var finished = PointSet(count: description.totalPoints)
        let query = try database.prepare("SELECT idx FROM points")
        while try query.step() {
            if case .integer(let i) = query.column(0), i >= 0, i < description.totalPoints { finished.insert(i) }
        }
        return finished
    }

    /// One finished point.
    public struct Row: Sendable {
        public var index: Int
        public var values: [Double]
        public var result: PointResult
        public var seconds: Double
    }

    /// Writes a batch of rows in one transaction.
    public func write(_ rows: [Row]) throws {
        try database.transaction {
            for row in rows {
                var k: Int32 = 1
                insert.bind(k, .integer(row.index)); k += 1
                for v in row.values { insert.bind(k, .real(v)); k += 1 }
                for m in row.result.metrics { insert.bind(k, m); k += 1 }
                insert.bind(k, .text(row.result.status)); k += 1
                insert.bind(k, row.result.message.map { .text($0) } ?? .null); k += 1
                insert.bind(k, .real(row.seconds))
                try insert.step()
                insert.reset()
            }
        }
    }

    /// Records the end time of a completed sweep, and leaves the file as one plain SQLite file
    /// (journal mode DELETE: no `-wal` or `-shm` beside it, so that it is read without writing
    /// anything, even on a full disk). Resuming switches back to WAL.
    public func markFinished() throws {
        try database.execute("INSERT OR REPLACE INTO sweep (key, value) VALUES ('finished', '\(ISO8601DateFormatter().string(from: Date()))')")
        try? database.execute("PRAGMA journal_mode=DELETE")
    }
}
