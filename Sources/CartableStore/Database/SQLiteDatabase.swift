import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// The embedded engine: one SQLite file in WAL mode, one writer connection and a few readers.
///
/// WAL lets readers run while a write is in progress; writes are serialised by an ``AsyncLock``
/// so they queue in our process (fair, in order) instead of spinning on SQLite's busy handler.
/// `synchronous=FULL` makes every acknowledged transaction durable.
public final class SQLiteDatabase: SQLDatabase {
    public var dialect: SQLDialect { .sqlite }

    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let writeLock = AsyncLock()
    private let threadPool: NIOThreadPool
    private let isShutDown = Atomic<Bool>(false)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], threadPool: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
    }

    /// Opens (creating if needed) the database file at `path`.
    /// - Parameters:
    ///   - path: the file; its folder is created if missing.
    ///   - readerCount: connections kept for reading.
    public static func open(path: String, readerCount: Int = 4, logger: Logger) async throws -> SQLiteDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
                try await writer.query(pragma, []) { _ in }
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, readerCount) {
                let reader = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
                for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA query_only = 1", "PRAGMA foreign_keys = ON"] {
                    try await reader.query(pragma, []) { _ in }
                }
                readers.append(reader)
            }
            return SQLiteDatabase(writer: writer, readers: readers, threadPool: threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
    }

    public func read<Result: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        let connection = readers[abs(index % readers.count)]
        return try await body(Connection(connection: connection))
    }

    public func write<Result: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        try await writeLock.withLock {
            let connection = Connection(connection: writer)
            try await connection.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(connection)
                try await connection.execute("COMMIT")
                return result
            } catch {
                try? await connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func run() async throws {
        // Nothing to keep alive: wait until the service group is cancelled.
        try? await Task.sleep(for: .seconds(365 * 86_400 * 100))
    }

    public func shutdown() async {
        guard !isShutDown.exchange(true, ordering: .relaxed) else { return }
        await writeLock.withLock {
            try? await writer.query("PRAGMA wal_checkpoint(TRUNCATE)", []) { _ in }
            try? await writer.close()
        }
        for reader in readers { try? await reader.close() }
        try? await threadPool.shutdownGracefully()
    }

    /// A lent SQLite connection.
    private struct Connection: SQLConnection {
        let connection: SQLiteConnection
        var dialect: SQLDialect { .sqlite }

        func query(_ query: SQLQuery) async throws -> [SQLRow] {
            let (sql, binds) = query.render(for: .sqlite)
            let collector = RowCollector()
            do {
                try await connection.query(sql, binds.map(Self.sqliteData)) { row in collector.append(row) }
            } catch let error as SQLiteError {
                throw Self.storeError(error)
            }
            return collector.rows()
        }

        func execute(_ query: SQLQuery) async throws -> Int {
            try await self.query(query).count
        }

        static func sqliteData(_ value: SQLValue) -> SQLiteData {
            switch value {
            case .null: .null
            case .integer(let value): .integer(Int(value))
            case .real(let value): .float(value)
            case .text(let value): .text(value)
            case .blob(let value): .blob(ByteBuffer(bytes: value))
            }
        }

        static func storeError(_ error: SQLiteError) -> any Error {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed:
                return StoreError.duplicate(error.message)
            case .busy, .busyTimeout, .locked, .ioError, .full, .cantOpen, .readOnly, .corrupt, .notADatabase:
                return StoreError.unavailable(error.message)
            default:
                return error
            }
        }
    }

    /// Gathers rows handed over one by one by SQLiteNIO.
    private final class RowCollector: Sendable {
        private let state = Mutex<(columns: SQLColumns?, rows: [SQLRow])>((nil, []))

        func append(_ row: SQLiteRow) {
            let columns = row.columns
            state.withLock { state in
                let names: SQLColumns
                if let existing = state.columns {
                    names = existing
                } else {
                    names = SQLColumns(columns.map(\.name))
                    state.columns = names
                }
                state.rows.append(SQLRow(columns: names, values: columns.map { Self.value($0.data) }))
            }
        }

        func rows() -> [SQLRow] { state.withLock { $0.rows } }

        private static func value(_ data: SQLiteData) -> SQLValue {
            switch data {
            case .null: .null
            case .integer(let value): .integer(Int64(value))
            case .float(let value): .real(value)
            case .text(let value): .text(value)
            case .blob(let buffer): .blob(Array(buffer.readableBytesView))
            }
        }
    }
}
