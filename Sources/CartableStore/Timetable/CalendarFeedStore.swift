import CartableCore
import Foundation

/// Each person's private calendar feed: one secret link per person, kept as the SHA-256 of its secret.
public protocol CalendarFeedStore: Sendable {
    /// Who the feed with this secret's digest belongs to, if it exists.
    func owner(ofTokenDigest digest: String) async throws -> User.ID?
    /// When the person's feed link was made, or `nil` if they have none.
    func feedCreatedAt(of userID: User.ID) async throws -> Date?
    /// Gives the person a new link: the old one stops working at once.
    func replaceFeed(of userID: User.ID, in schoolID: School.ID, tokenDigest: String, at instant: Date) async throws
    /// Removes the person's link; whether there was one.
    @discardableResult
    func removeFeed(of userID: User.ID) async throws -> Bool
}

/// ``CalendarFeedStore`` on SQLite or PostgreSQL.
public struct SQLCalendarFeedStore: CalendarFeedStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func owner(ofTokenDigest digest: String) async throws -> User.ID? {
        try await database.query("SELECT user_id FROM calendar_feeds WHERE token_hash = \(digest)").first.map { try $0.decode("user_id") }
    }

    public func feedCreatedAt(of userID: User.ID) async throws -> Date? {
        try await database.query("SELECT created_at FROM calendar_feeds WHERE user_id = \(userID)").first.map { try $0.decode("created_at") }
    }

    public func replaceFeed(of userID: User.ID, in schoolID: School.ID, tokenDigest: String, at instant: Date) async throws {
        _ = try await database.writeStatement(
            """
            INSERT INTO calendar_feeds (user_id, school_id, token_hash, created_at) VALUES (\(userID), \(schoolID), \(tokenDigest), \(instant))
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            """)
    }

    public func removeFeed(of userID: User.ID) async throws -> Bool {
        !(try await database.writeStatement("DELETE FROM calendar_feeds WHERE user_id = \(userID) RETURNING user_id")).isEmpty
    }
}
