import CSQLite
import EcodynCore

/// An error reported by SQLite, with its message.
public struct SQLiteError: Error, CustomStringConvertible {
    public var description: String
}

/// A connection to an SQLite database file (the system libsqlite3): statements, transactions.
public final class SQLiteDatabase {
    let handle: OpaquePointer

    /// How to open a database file.
    public enum Mode: Sendable { case create, readWrite, readOnly }

    /// Opens the database at `path`: creating it if missing (`.create`), an existing one for
    /// writing, or an existing one for reading only (the file is never changed).
    public init(path: String, mode: Mode = .create) throws {
        var db: OpaquePointer?
        let access = switch mode {
        case .create: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: SQLITE_OPEN_READWRITE
        case .readOnly: SQLITE_OPEN_READONLY
        }
        let flags = access | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SQLiteError(description: "cannot open '\(path)': \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw SQLiteError(description: message)
        }
    }

    /// A prepared statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement { try SQLiteStatement(self, sql) }

    /// Runs `body` in one transaction, rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// SQL for a quoted identifier (column names such as "model.random.sigma").
    public static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// A prepared SQLite statement: bind, step, read columns, reset.
public final class SQLiteStatement {
    let database: SQLiteDatabase
    let handle: OpaquePointer

    init(_ database: SQLiteDatabase, _ sql: String) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteError(description: String(cString: sqlite3_errmsg(database.handle)) + " in: \(sql)")
        }
        self.database = database
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `value` to parameter `index` (1-based).
    public func bind(_ index: Int32, _ value: MetricValue) {
        switch value {
        case .real(let d): if d.isFinite { sqlite3_bind_double(handle, index, d) } else { sqlite3_bind_null(handle, index) }
        case .integer(let i): sqlite3_bind_int64(handle, index, Int64(i))
        case .text(let s): sqlite3_bind_text(handle, index, s, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        case .null: sqlite3_bind_null(handle, index)
        }
    }

    /// Advances: true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(description: String(cString: sqlite3_errmsg(database.handle)))
        }
    }

    /// Makes the statement ready to run again.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The number of result columns.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of result column `index` (0-based).
    public func columnName(_ index: Int32) -> String { String(cString: sqlite3_column_name(handle, index)) }

    /// Result column `index` (0-based) of the current row.
    public func column(_ index: Int32) -> MetricValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(handle, index)))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, index)))
        default: return .null
        }
    }
}
