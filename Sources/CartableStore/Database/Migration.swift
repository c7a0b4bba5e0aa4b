import Foundation
import Logging

/// One numbered step of the schema. Steps are applied in order, once, each in its own transaction.
public struct Migration: Sendable {
    /// The step's number; never reuse or renumber one that has shipped.
    public var version: Int
    /// What the step does, for people.
    public var name: String
    /// The statements, in order. The same text runs on SQLite and PostgreSQL.
    public var statements: [String]

    /// Creates a step.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Applies the schema's numbered steps at start-up.
public struct Migrator: Sendable {
    /// Every step, in order.
    public let migrations: [Migration]

    /// Creates a migrator; by default with all of Cartable's steps.
    public init(migrations: [Migration] = Schema.migrations) {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migrations must be numbered 1, 2, 3… without gaps")
        self.migrations = migrations
    }

    /// Applies every step not yet applied; returns the versions applied now.
    ///
    /// On PostgreSQL an advisory lock makes nodes that start together take turns.
    @discardableResult
    public func migrate(_ database: any SQLDatabase, logger: Logger) async throws -> [Int] {
        try await database.write { connection in
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await database.write { connection -> Bool in
                if connection.dialect == .postgres {
                    try await connection.execute("SELECT pg_advisory_xact_lock(7227253)")
                }
                let done = try await connection.query("SELECT 1 FROM schema_migrations WHERE version = \(migration.version)")
                guard done.isEmpty else { return false }
                for statement in migration.statements {
                    try await connection.execute(SQLQuery(stringLiteral: statement))
                }
                try await connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(Date()))")
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }
}
