/// A connection lent for the length of a closure: run queries on it, do not keep it.
public protocol SQLConnection: Sendable {
    /// The engine, for the rare statement that must differ.
    var dialect: SQLDialect { get }
    /// Runs `query` and returns every row.
    func query(_ query: SQLQuery) async throws -> [SQLRow]
    /// Runs a statement for its effect (rows it returns are dropped; to learn what changed, ask
    /// `query` with `RETURNING`: both engines have it).
    func execute(_ query: SQLQuery) async throws
}

/// A SQL database: SQLite or PostgreSQL behind the same small surface.
///
/// Reads may run in parallel; each `write` is one transaction that commits when the closure returns
/// and rolls back if it throws, so that a rejected request leaves nothing behind.
public protocol SQLDatabase: Sendable {
    /// The engine.
    var dialect: SQLDialect { get }
    /// Lends a connection for reading.
    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result
    /// Lends a connection inside a transaction.
    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLConnection) async throws -> Result) async throws -> Result
    /// Runs one statement that writes, atomic on its own: PostgreSQL runs it without `BEGIN`/`COMMIT`
    /// (two round trips fewer), SQLite like any write. Committed when it returns.
    func writeStatement(_ query: SQLQuery) async throws -> [SQLRow]
    /// Keeps the connections alive until cancelled (PostgreSQL's pool needs it; SQLite waits).
    func run() async throws
    /// Closes every connection.
    func shutdown() async
    /// Tells every node listening on this database about a change (PostgreSQL's `NOTIFY`); nothing where there is
    /// only one node (SQLite).
    func notifyChange(_ payload: String) async throws
    /// Hands `handler` every change notified by any node until cancelled (PostgreSQL's `LISTEN`); on SQLite, waits.
    func listenForChanges(_ handler: @escaping @Sendable (String) -> Void) async throws
}

extension SQLDatabase {
    public func notifyChange(_ payload: String) async throws {}

    public func listenForChanges(_ handler: @escaping @Sendable (String) -> Void) async throws {
        try await Task.sleep(for: .seconds(100 * 365 * 86_400))
    }

    public func writeStatement(_ query: SQLQuery) async throws -> [SQLRow] {
        try await write { try await $0.query(query) }
    }

    /// Runs one read query.
    public func query(_ query: SQLQuery) async throws -> [SQLRow] {
        try await read { try await $0.query(query) }
    }

    /// Whether the database answers a trivial query.
    public func isReachable() async -> Bool {
        do {
            _ = try await read { try await $0.query("SELECT 1") }
            return true
        } catch {
            return false
        }
    }
}

/// Storage failures that the rest of the program must handle.
public enum StoreError: Error, Sendable, Equatable {
    /// The database cannot be reached or is not answering: retry later (HTTP 503).
    case unavailable(String)
    /// A uniqueness rule was broken (a login already taken, a duplicate id).
    case duplicate(String)
}
