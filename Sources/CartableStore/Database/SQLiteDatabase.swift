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
/// `synchronous=FULL` makes every acknowledged transaction durable; writes that queue up behind one
/// another are committed together (group commit), each in its own savepoint.
public final class SQLiteDatabase: SQLDatabase {
    public var dialect: SQLDialect { .sqlite }

    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    /// Held by the caller committing a batch; its waiters are the callers of ``write(_:)`` (bounded as `pending` is).
    private let writeLock = AsyncLock()
    /// Writes waiting for the writer connection, oldest first. Each is a suspended caller of ``write(_:)``,
    /// one per write in progress, so in the server it holds about the requests admitted at once
    /// (`--admission-limit`: the web layer's `AdmissionController` lets no more run) plus one per
    /// background service that writes (the session sweeper, the draft batcher's running caller); the
    /// command-line tools write one at a time. Bounded by ``maximumPendingWrites``: a write beyond it is
    /// refused at once as ``StoreError/unavailable(_:)`` (503), never queued. A queued write is not
    /// abandoned when its caller is cancelled (another caller may already be running it): it runs, and its
    /// caller waits for at most the batches ahead of it (``maximumBatch`` writes each).
    private let pending = Mutex<[WriteJob]>([])
    /// Most writes waiting at once (see `pending`).
    let maximumPendingWrites: Int
    /// How many writes wait now (for tests).
    var pendingWrites: Int { pending.withLock { $0.count } }
    private let threadPool: NIOThreadPool
    private let isShutDown = Atomic<Bool>(false)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], threadPool: NIOThreadPool, maximumPendingWrites: Int) {
        self.maximumPendingWrites = maximumPendingWrites
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
    }

    /// Opens (creating if needed) the database file at `path`.
    /// - Parameters:
    ///   - path: the file; its folder is created if missing.
    ///   - readerCount: connections kept for reading.
    ///   - maximumPendingWrites: most writes waiting for the writer at once; more are refused (503). The
    ///     default is four times the default admission limit's worth of requests.
    public static func open(path: String, readerCount: Int = 4, maximumPendingWrites: Int = 4096, logger: Logger) async throws -> SQLiteDatabase {
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
            return SQLiteDatabase(writer: writer, readers: readers, threadPool: threadPool, maximumPendingWrites: max(1, maximumPendingWrites))
        } catch {
            try? await threadPool.shutdownGracefully()
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
    }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        let connection = readers[abs(index % readers.count)]
        return try await body(Connection(connection: connection))
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        // Group commit: every write queued while another is committing joins the next transaction,
        // each in its own savepoint (a failing one rolls back alone), and they share one fsync.
        // Each caller is answered only after the COMMIT that holds its work.
        let job = WriteJob { connection in try await body(connection) }
        let isQueued = pending.withLock { jobs in
            guard jobs.count < maximumPendingWrites else { return false }
            jobs.append(job)
            return true
        }
        guard isQueued else { throw StoreError.unavailable("\(maximumPendingWrites) writes already waiting") }
        // Whoever holds the writer runs the oldest waiting writes; mine has run once its outcome is set.
        while job.outcome.withLock({ $0 == nil }) {
            await writeLock.withLock {
                let batch = pending.withLock { jobs in
                    let taken = Array(jobs.prefix(Self.maximumBatch))
                    jobs.removeFirst(taken.count)
                    return taken
                }
                if !batch.isEmpty { await commit(batch) }
            }
        }
        return try job.outcome.withLock({ $0 })!.get() as! Result
    }

    /// Most writes in one transaction.
    static let maximumBatch = 128

    private func commit(_ batch: [WriteJob]) async {
        let connection = Connection(connection: writer)
        do {
            try await connection.execute("BEGIN IMMEDIATE")
        } catch {
            for job in batch { job.outcome.withLock { $0 = .failure(error) } }
            return
        }
        if batch.count == 1 {
            let job = batch[0]
            do {
                let value = try await job.body(connection)
                try await connection.execute("COMMIT")
                job.outcome.withLock { $0 = .success(value) }
            } catch {
                try? await connection.execute("ROLLBACK")
                job.outcome.withLock { $0 = .failure(error) }
            }
            return
        }
        var outcomes: [Swift.Result<any Sendable, any Error>] = []
        for job in batch {
            do {
                try await connection.execute("SAVEPOINT grouped")
                let value = try await job.body(connection)
                try await connection.execute("RELEASE grouped")
                outcomes.append(.success(value))
            } catch {
                try? await connection.execute("ROLLBACK TO grouped")
                try? await connection.execute("RELEASE grouped")
                outcomes.append(.failure(error))
            }
        }
        do {
            try await connection.execute("COMMIT")
        } catch {
            try? await connection.execute("ROLLBACK")
            outcomes = outcomes.map { _ in .failure(error) }
        }
        for (job, outcome) in zip(batch, outcomes) { job.outcome.withLock { $0 = outcome } }
    }

    public func run() async throws {
        // Nothing to keep alive: wait until the service group is cancelled.
        try? await Task.sleep(for: .seconds(365 * 86_400 * 100))
    }

    public func shutdown() async {
        guard !isShutDown.exchange(true, ordering: .relaxed) else { return }
        // The connections are closed through their futures, which do not give up when the calling task
        // is cancelled (the async `close()` does: a shutdown in a cancelled task left them open, and
        // SQLiteNIO stops the process when an open connection is freed).
        await writeLock.withLock {
            try? await writer.query("PRAGMA wal_checkpoint(TRUNCATE)", []) { _ in }
            try? await writer.close().get()
        }
        for reader in readers { try? await reader.close().get() }
        try? await threadPool.shutdownGracefully()
    }

    /// A write waiting for the writer connection, and what came of it.
    private final class WriteJob: Sendable {
        let body: @Sendable (any SQLConnection) async throws -> any Sendable
        let outcome = Mutex<Swift.Result<any Sendable, any Error>?>(nil)

        init(body: @escaping @Sendable (any SQLConnection) async throws -> any Sendable) {
            self.body = body
        }
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

        func execute(_ query: SQLQuery) async throws {
            _ = try await self.query(query)
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
