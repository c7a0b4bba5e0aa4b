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
    /// Set by the health probe (and by failed queries) while the server cannot be reached, so that
    /// requests fail at once with 503 instead of waiting in the pool's queue.
    private let isDown = Atomic<Bool>(false)
    /// How often the health probe asks the server, and how long it waits for an answer.
    private let probeInterval: Duration = .seconds(1)

    /// Creates a pool to the server at `location`; call ``run()`` (a service) before using it.
    /// - Parameters:
    ///   - maximumConnections: the pool's size; the node never opens more.
    ///   - searchPath: a schema to use instead of `public` (tests give each test its own).
    public init(
        host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool = false,
        maximumConnections: Int = 16, searchPath: String? = nil, logger: Logger
    ) {
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
    }

    /// Creates a pool from a parsed location.
    public convenience init?(location: DatabaseLocation, maximumConnections: Int = 16, searchPath: String? = nil, logger: Logger) {
        guard case .postgres(let host, let port, let username, let password, let database, let requireTLS) = location else { return nil }
        self.init(
            host: host, port: port, username: username, password: password, database: database, requireTLS: requireTLS,
            maximumConnections: maximumConnections, searchPath: searchPath, logger: logger)
    }

    public func read<Result: Sendable>(_ body: (any SQLConnection) async throws -> Result) async throws -> Result {
        try failFastIfDown()
        do {
            return try await client.withConnection { connection in
                try await body(Connection(connection: connection, logger: logger))
            }
        } catch {
            throw noteFailure(error)
        }
    }

    public func write<Result: Sendable>(_ body: (any SQLConnection) async throws -> Result) async throws -> Result {
        try failFastIfDown()
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(Connection(connection: connection, logger: logger))
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            throw noteFailure(error)
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.probeHealth() }
        }
    }

    private func failFastIfDown() throws {
        if isDown.load(ordering: .relaxed) { throw StoreError.unavailable("database unreachable") }
    }

    private func noteFailure(_ error: any Error) -> any Error {
        let mapped = Self.storeError(error)
        if case StoreError.unavailable = mapped { isDown.store(true, ordering: .relaxed) }
        return mapped
    }

    /// Asks the server `SELECT 1` every second until cancelled, and records whether it answered in time.
    private func probeHealth() async {
        // Give the pool a moment to start before the first question.
        try? await Task.sleep(for: probeInterval)
        while !Task.isCancelled {
            let isReachable = await withTaskGroup(of: Bool?.self) { group in
                group.addTask {
                    do {
                        try await self.client.query("SELECT 1", logger: self.logger)
                        return true
                    } catch {
                        return false
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: self.probeInterval * 2)
                    return Task.isCancelled ? nil : false
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            // A probe cut short by shutdown says nothing about the server.
            guard !Task.isCancelled, let isReachable else { return }
            let wasDown = isDown.exchange(!isReachable, ordering: .relaxed)
            if wasDown && isReachable {
                logger.notice("database reachable again")
            } else if !wasDown && !isReachable {
                logger.error("database unreachable")
            }
            try? await Task.sleep(for: probeInterval)
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

        func execute(_ query: SQLQuery) async throws -> Int {
            try await self.query(query).count
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
