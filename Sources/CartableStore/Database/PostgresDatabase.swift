import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization
import _ConnectionPoolModule

/// PostgreSQL through PostgresNIO's connection pool: the shared truth of a region's nodes.
///
/// The pool reconnects by itself, so when the server comes back after an outage the node serves
/// again without a restart; meanwhile queries fail fast as ``StoreError/unavailable(_:)``.
public final class PostgresDatabase: SQLDatabase {
    public var dialect: SQLDialect { .postgres }

    private let client: PostgresClient
    private let logger: Logger
    /// Whether this instance runs the pool (``run()``), or borrows another instance's (see ``scoped(to:)``).
    private let ownsClient: Bool
    /// A schema to select at the start of every lease, for instances made by ``scoped(to:)``.
    private let leaseSchema: String?
    /// Set by the health probe (and by failed queries) while the server cannot be reached, so that
    /// requests fail at once with 503 instead of waiting in the pool's queue.
    private let isDown: Flag

    /// A flag shared between tasks: whether the server is down (shared with scoped views).
    final class Flag: Sendable {
        let flag = Atomic<Bool>(false)
        func load() -> Bool { flag.load(ordering: .relaxed) }
        func store(_ value: Bool) { flag.store(value, ordering: .relaxed) }
        func exchange(_ value: Bool) -> Bool { flag.exchange(value, ordering: .relaxed) }
    }
    /// How often the health probe asks the server, and how long it waits for an answer.
    private let probeInterval: Duration = .seconds(1)
    /// How long a request may wait for a pooled connection before it is answered 503.
    private let leaseTimeout: Duration
    /// How long one operation (a read, or a write's transaction) may take in all before it is answered 503.
    private let operationTimeout: Duration
    /// The operations waiting on the server (shared with scoped views), so that none waits for ever.
    private let watch: OperationWatch
    /// How the health probe connects: on a connection of its own, so that a busy pool is never taken
    /// for a server that is down.
    private let probeConfiguration: PostgresConnection.Configuration?

    /// Creates a pool to the server at `location`; call ``run()`` (a service) before using it.
    /// - Parameters:
    ///   - maximumConnections: the pool's size; the node never opens more.
    ///   - searchPath: a schema to use instead of `public`.
    ///   - leaseTimeout: how long an operation may wait for a connection before failing as unavailable.
    public init(
        host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool = false,
        maximumConnections: Int = 16, searchPath: String? = nil, leaseTimeout: Duration = .seconds(3),
        operationTimeout: Duration = .seconds(30), logger: Logger
    ) {
        self.leaseTimeout = leaseTimeout
        self.operationTimeout = operationTimeout
        self.watch = OperationWatch()
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(3)
        if let searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        var probe = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? ((try? NIOSSLContext(configuration: .makeClientConfiguration())).map { .require($0) } ?? .disable) : .disable)
        probe.options.connectTimeout = .seconds(2)
        self.probeConfiguration = probe
        self.ownsClient = true
        self.leaseSchema = nil
        self.isDown = Flag()
    }

    private init(borrowing base: PostgresDatabase, schema: String) {
        self.client = base.client
        self.logger = base.logger
        self.ownsClient = false
        self.leaseTimeout = base.leaseTimeout
        self.operationTimeout = base.operationTimeout
        self.watch = base.watch
        self.probeConfiguration = nil
        self.leaseSchema = schema
        self.isDown = base.isDown
    }

    /// A view of this database that works in `schema`, sharing this instance's pool (which must be running).
    ///
    /// Each lease starts with `SET search_path`, so views of different schemas can share connections.
    /// Tests use it to give each test its own schema without starting and stopping a pool per test.
    /// - Precondition: `schema` is a plain identifier (letters, digits, underscore).
    public func scoped(to schema: String) -> PostgresDatabase {
        precondition(
            !schema.isEmpty && schema.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" },
            "schema names are plain identifiers")
        return PostgresDatabase(borrowing: self, schema: schema)
    }

    /// The channel nodes notify their changes on: one per schema, so that schemas sharing a server (tests) stay apart.
    public var changeChannel: String { "cartable_changes" + (leaseSchema.map { "_" + $0 } ?? "") }

    public func notifyChange(_ payload: String) async throws {
        // pg_notify outside any transaction: sent at once (NOTIFY is refused in a read-only transaction).
        _ = try await writeStatement("SELECT pg_notify(\(changeChannel), \(payload))")
    }

    public func listenForChanges(_ handler: @escaping @Sendable (String) -> Void) async throws {
        // One pooled connection stays with the listener; when the server goes away it is tried again every second
        // (meanwhile the version poll still carries the changes, a second late).
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: self.changeChannel) { notifications in
                        for try await notification in notifications { handler(notification.payload) }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.debug("change listener lost its connection", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func prepare(_ connection: PostgresConnection) async throws {
        if let leaseSchema {
            try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(leaseSchema)"), logger: logger)
        }
    }

    /// Creates a pool from a parsed location.
    public convenience init?(
        location: DatabaseLocation, maximumConnections: Int = 16, searchPath: String? = nil, leaseTimeout: Duration = .seconds(3), logger: Logger
    ) {
        guard case .postgres(let host, let port, let username, let password, let database, let requireTLS) = location else { return nil }
        self.init(
            host: host, port: port, username: username, password: password, database: database, requireTLS: requireTLS,
            maximumConnections: maximumConnections, searchPath: searchPath, leaseTimeout: leaseTimeout, logger: logger)
    }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        try await withLease { connection in
            try await body(Connection(connection: connection, logger: self.logger))
        }
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result {
        try await withLease { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let result = try await body(Connection(connection: connection, logger: self.logger))
                try await connection.query("COMMIT", logger: self.logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    public func writeStatement(_ query: SQLQuery) async throws -> [SQLRow] {
        try await withLease { connection in
            try await Connection(connection: connection, logger: self.logger).query(query)
        }
    }

    /// Lends a pooled connection to `body`, and answers within bounds whatever the server does: an
    /// operation that gets no connection within ``leaseTimeout``, that runs longer than
    /// ``operationTimeout``, or that is waiting when the health probe finds the server gone fails as
    /// ``StoreError/unavailable(_:)`` (503). See ``OperationWatch``.
    private func withLease<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try failFastIfDown()
        let outcome = Outcome<Result>()
        let now = ContinuousClock.now
        let task = Mutex<Task<Void, Never>?>(nil)
        let id = watch.register(leaseBy: now + leaseTimeout, finishBy: now + operationTimeout) { error in
            outcome.settle(.failure(error))
            task.withLock { $0?.cancel() }
        }
        let operation = Task {
            do {
                let value = try await self.client.withConnection { connection in
                    self.watch.leased(id)
                    try await self.prepare(connection)
                    return try await body(connection)
                }
                outcome.settle(.success(value))
            } catch {
                outcome.settle(.failure(error))
            }
            self.watch.remove(id)
        }
        task.withLock { $0 = operation }
        do {
            return try await withTaskCancellationHandler {
                try await outcome.value()
            } onCancel: {
                operation.cancel()
            }
        } catch {
            throw noteFailure(error)
        }
    }

    public func run() async throws {
        guard ownsClient else {
            // The owner runs the pool; wait until cancelled.
            try? await Task.sleep(for: .seconds(100 * 365 * 86_400))
            return
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.probeHealth() }
            group.addTask { await self.sweepOverdueOperations() }
        }
    }

    private func failFastIfDown() throws {
        if isDown.load() { throw StoreError.unavailable("database unreachable") }
    }

    private func noteFailure(_ error: any Error) -> any Error {
        let mapped = Self.storeError(error)
        if case StoreError.unavailable = mapped { isDown.store(true) }
        return mapped
    }

    /// Asks the server `SELECT 1` every second on a connection of its own, until cancelled, and records
    /// whether it answered within three seconds. Only this probe says the server is back.
    ///
    /// Each attempt runs in a task of its own that the probe does not wait for beyond the three seconds:
    /// a query sent to a server that went silent never returns, and PostgresNIO cannot cancel it.
    /// The attempt's connection is then closed, which ends it.
    private func probeHealth() async {
        guard let probeConfiguration else { return }
        var connection: PostgresConnection?
        defer { if let connection { Task { try? await connection.close() } } }
        while !Task.isCancelled {
            let outcome = Outcome<PostgresConnection?>()
            let attempt = Task { [logger, connection] in
                do {
                    let live: PostgresConnection
                    if let connection, !connection.isClosed {
                        live = connection
                    } else {
                        live = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
                    }
                    try await live.query("SELECT 1", logger: logger)
                    // Too late: the probe has given up on this attempt, so its connection is not kept.
                    if !outcome.settle(.success(live)), live !== connection { try? await live.close() }
                } catch {
                    outcome.settle(.success(nil))
                }
            }
            let timer = Task { [probeInterval] in
                try? await Task.sleep(for: probeInterval * 3)
                outcome.settle(.success(nil))
            }
            let reached = await withTaskCancellationHandler {
                (try? await outcome.value()) ?? nil
            } onCancel: {
                outcome.settle(.success(nil))
            }
            timer.cancel()
            // A probe cut short by shutdown says nothing about the server.
            guard !Task.isCancelled else {
                attempt.cancel()
                return
            }
            if reached == nil {
                attempt.cancel()
                if let stale = connection { Task { try? await stale.close() } }
            }
            connection = reached
            let isReachable = reached != nil
            let wasDown = isDown.exchange(!isReachable)
            if wasDown && isReachable {
                logger.notice("database reachable again")
            } else if !wasDown && !isReachable {
                logger.error("database unreachable")
            }
            if !isReachable {
                // Whatever was waiting on the server waits no more: answered 503 now, not when it times out.
                watch.failAll(.unavailable("database unreachable"))
            }
            try? await Task.sleep(for: probeInterval)
        }
    }

    /// Fails the operations past their deadline, four times a second, until cancelled.
    private func sweepOverdueOperations() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            watch.sweep(at: .now)
        }
    }

    public func shutdown() async {}

    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                if state == "23505" { return StoreError.duplicate(error.serverInfo?[.message] ?? "duplicate") }
                // Class 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now;
                // 53300: too many connections.
                if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" {
                    return StoreError.unavailable(state)
                }
                return error
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return StoreError.unavailable(String(describing: error.code))
            default:
                return error
            }
        }
        if error is ConnectionPoolError {
            return StoreError.unavailable(String(describing: error))
        }
        if error is NIOConnectionError || error is ChannelError || error is IOError {
            return StoreError.unavailable(String(describing: error))
        }
        return error
    }

    /// A lent PostgreSQL connection.
    private struct Connection: SQLConnection {
        let connection: PostgresConnection
        let logger: Logger
        var dialect: SQLDialect { .postgres }

        func query(_ query: SQLQuery) async throws -> [SQLRow] {
            let (sql, values) = query.render(for: .postgres)
            var bindings = PostgresBindings(capacity: values.count)
            for value in values {
                switch value {
                case .null: bindings.appendNull()
                case .integer(let value): bindings.append(value)
                case .real(let value): bindings.append(value)
                case .text(let value): bindings.append(value)
                case .blob(let value): bindings.append(ByteBuffer(bytes: value))
                }
            }
            do {
                let sequence = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
                var rows: [SQLRow] = []
                var columns: SQLColumns?
                for try await row in sequence {
                    var values: [SQLValue] = []
                    values.reserveCapacity(row.count)
                    var names: [String] = []
                    for cell in row {
                        if columns == nil { names.append(cell.columnName) }
                        values.append(try Self.value(cell))
                    }
                    if columns == nil { columns = SQLColumns(names) }
                    rows.append(SQLRow(columns: columns!, values: values))
                }
                return rows
            } catch {
                throw PostgresDatabase.storeError(error)
            }
        }

        func execute(_ query: SQLQuery) async throws {
            _ = try await self.query(query)
        }

        static func value(_ cell: PostgresCell) throws -> SQLValue {
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int8, .int4, .int2, .oid:
                return .integer(try cell.decode(Int64.self))
            case .bool:
                return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8:
                return .real(try cell.decode(Double.self))
            case .bytea:
                return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
            default:
                return .text(try cell.decode(String.self))
            }
        }
    }
}
