import ArgumentParser
import CartableStore
import Logging

/// `cartable migrate`: applies the schema's numbered steps and stops.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply the database's pending migrations, then stop.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        Logs.bootstrap(level: .info)
        let logger = Logger(label: "cartable")
        let location = try database.location()
        let applied = try await Server.withDatabase(location, logger: logger, migrate: false) { database in
            try await Migrator().migrate(database, logger: logger)
        }
        print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
    }
}
