import CartableCore
import Foundation

/// The text a school sets for its privacy page (what is kept, why, for how long, who to ask).
public protocol PrivacyStore: Sendable {
    /// The school's text, if it set one.
    func text(of schoolID: School.ID) async throws -> String?
    /// Sets the school's text; an empty text goes back to the platform's.
    func setText(_ text: String, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws
}

/// ``PrivacyStore`` on SQLite or PostgreSQL.
public struct SQLPrivacyStore: PrivacyStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func text(of schoolID: School.ID) async throws -> String? {
        try await database.query("SELECT body FROM privacy_texts WHERE school_id = \(schoolID)").first?.first()
    }

    public func setText(_ text: String, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws {
        try await database.write { connection in
            if text.isEmpty {
                try await connection.execute("DELETE FROM privacy_texts WHERE school_id = \(schoolID)")
            } else {
                try await connection.execute(
                    """
                    INSERT INTO privacy_texts (school_id, body, updated_at, updated_by) VALUES (\(schoolID), \(text), \(instant), \(userID))
                    ON CONFLICT (school_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                    """)
            }
        }
    }
}
