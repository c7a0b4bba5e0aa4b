import CartableCore
import CartableStore
import CartableWeb
import Foundation
import Hummingbird
import Logging

/// Starts the logging system once.
enum Logs {
    /// Log formats: `text` for people, `json` (one object per line) for collectors.
    enum Format: String, CaseIterable {
        case text, json
    }

    static func bootstrap(level: Logger.Level, format: Format = .text) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return TextLogHandler(base: handler)
            case .json:
                return JSONLogHandler(label: label, logLevel: level)
            }
        }
    }
}

/// Opening the database, migrating it, and running a node.
enum Server {
    /// Opens the database, runs `body` with it while its pool runs, and closes it.
    static func withDatabase<Result: Sendable>(
        _ location: DatabaseLocation, poolSize: Int = 16, logger: Logger, migrate: Bool = true,
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await Storage.openDatabase(location, poolSize: poolSize, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            do {
                if migrate { try await Migrator().migrate(database, logger: logger) }
                let result = try await body(database)
                await database.shutdown()
                return result
            } catch {
                await database.shutdown()
                throw error
            }
        }
    }

    /// Opens the database and serves until SIGTERM or SIGINT; migrations run before the server listens,
    /// then `prepare` (the demo seeds its school there).
    static func serve(
        configuration: AppConfiguration, logger: Logger,
        prepare: @escaping @Sendable (AppServices) async throws -> Void = { _ in },
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let database = try await Storage.openDatabase(configuration.database, poolSize: configuration.databasePoolSize, logger: logger)
        let scanner: (any VirusScanner)? = configuration.clamd.flatMap { ClamdScanner($0) }
        let services = AppServices.make(
            configuration: configuration, database: database,
            passwords: BcryptPasswordHasher(cost: configuration.passwordCost), views: try ViewRenderer.load(),
            blobs: try BlobStore(
                root: URL(fileURLWithPath: configuration.blobDirectory), scanner: scanner, whenScannerIsDown: configuration.whenScannerIsDown,
                logger: logger), logger: logger)
        let app = try await buildApplication(
            configuration: configuration, services: services, beforeServing: { try await prepare(services) }, onServerRunning: onRunning)
        do {
            try await app.runService()
        } catch {
            // A failure before the server listened (migrations, the demo's seeding): close the database
            // (its service never ran) so that the process says why and exits, rather than crashing.
            await database.shutdown()
            throw error
        }
    }
}
