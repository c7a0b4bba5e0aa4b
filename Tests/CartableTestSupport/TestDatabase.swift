import CartableStore
import Foundation
import Logging

/// The engines the storage tests run on: SQLite always, PostgreSQL when `CARTABLE_TEST_POSTGRES_URL`
/// names a server (the test command starts one and sets it).
public enum TestEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    /// The engines available in this run.
    public static var available: [TestEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// The PostgreSQL server for tests, if any.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CARTABLE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String { rawValue }
}

/// A fresh, empty database for one test: a new SQLite file, or a new PostgreSQL schema.
public enum TestDatabase {

    static let logger: Logger = {
        var logger = Logger(label: "cartable.tests")
        logger.logLevel = .error
        return logger
    }()

    /// A fresh database, not yet running nor migrated, and the way to throw it away.
    public static func make(_ engine: TestEngine) async throws -> (database: any SQLDatabase, dispose: @Sendable () async -> Void) {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-tests-\(name)")
            let database = try await SQLiteDatabase.open(path: folder.appendingPathComponent("test.sqlite").path, readerCount: 2, logger: logger)
            return (database, { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let shared = try await SharedPostgres.database()
            try await shared.write { _ = try await $0.execute("CREATE SCHEMA \(raw: String(name))") }
            return (
                shared.scoped(to: String(name)),
                { _ = try? await shared.write { try await $0.execute("DROP SCHEMA \(raw: String(name)) CASCADE") } }
            )
        }
    }

    /// Runs `body` with a fresh, migrated, running database, then throws it away.
    public static func with<Result: Sendable>(
        _ engine: TestEngine, _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let (database, dispose) = try await make(engine)
        let result: Result
        do {
            result = try await withRunning(database) { database in
                try await Migrator().migrate(database, logger: logger)
                return try await body(database)
            }
        } catch {
            await dispose()
            throw error
        }
        await dispose()
        return result
    }

    /// Runs `body` while `database`'s pool runs, then shuts it down.
    public static func withRunning<Result: Sendable>(
        _ database: any SQLDatabase, _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                let result = try await body(database)
                group.cancelAll()
                await database.shutdown()
                return result
            } catch {
                group.cancelAll()
                await database.shutdown()
                throw error
            }
        }
    }

}

/// One pool to the test server for the whole test run, started on first use and never stopped:
/// each test gets a schema and a view of this pool scoped to it.
enum SharedPostgres {
    private static let shared: Task<PostgresDatabase, any Error> = Task {
        guard let url = TestEngine.postgresURL, let location = DatabaseLocation(parsing: url),
            let database = PostgresDatabase(
                location: location, maximumConnections: 20, leaseTimeout: .seconds(120), logger: TestDatabase.logger)
        else { throw StoreError.unavailable("CARTABLE_TEST_POSTGRES_URL is not set or not a PostgreSQL URL") }
        Task.detached { try? await database.run() }
        return database
    }

    static func database() async throws -> PostgresDatabase {
        try await shared.value
    }
}

extension World {
    /// Runs `body` with the stores over a fresh, migrated database on `engine`, seeded with this world.
    public func withSeededStorage(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            let storage = Storage(database: database)
            try await seed(storage)
            try await body(storage, self)
        }
    }
}
