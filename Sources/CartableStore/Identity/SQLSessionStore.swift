import CartableCore
import Foundation

/// ``SessionStore`` on SQLite or PostgreSQL.
public struct SQLSessionStore: SessionStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    static let columns = "id, user_id, school_id, created_at, last_seen_at, expires_at, is_remembered, device_label, csrf_token"

    static func session(from row: SQLRow) throws -> DeviceSession {
        DeviceSession(
            id: try row.decode("id"), userID: try row.decode("user_id"), schoolID: try row.decode("school_id"),
            createdAt: try row.decode("created_at"), lastSeenAt: try row.decode("last_seen_at"), expiresAt: try row.decode("expires_at"),
            isRemembered: try row.decode("is_remembered"), deviceLabel: try row.decode("device_label"),
            csrfToken: try row.decode("csrf_token"))
    }

    public func createSession(_ session: DeviceSession, tokenDigest: String) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO sessions (token_hash, id, user_id, school_id, created_at, last_seen_at, expires_at, is_remembered,
                                      device_label, csrf_token)
                VALUES (\(tokenDigest), \(session.id), \(session.userID), \(session.schoolID), \(session.createdAt), \(session.lastSeenAt),
                        \(session.expiresAt), \(session.isRemembered), \(session.deviceLabel), \(session.csrfToken))
                """)
            // A sender of messages is told who never signed in (they will not read it).
            try await connection.execute(
                "UPDATE users SET signed_in_at = \(session.createdAt) WHERE id = \(session.userID) AND signed_in_at IS NULL")
        }
    }

    public func createSessions(_ sessions: [(session: DeviceSession, tokenDigest: String)]) async throws {
        try await database.write { connection in
            try await BatchInsert.run(
                on: connection, table: "sessions",
                columns: [
                    "token_hash", "id", "user_id", "school_id", "created_at", "last_seen_at", "expires_at", "is_remembered", "device_label",
                    "csrf_token",
                ], rows: sessions
            ) { row in
                let session = row.session
                return [
                    row.tokenDigest.sqlValue, session.id.sqlValue, session.userID.sqlValue, session.schoolID.sqlValue,
                    session.createdAt.sqlValue, session.lastSeenAt.sqlValue, session.expiresAt.sqlValue, session.isRemembered.sqlValue,
                    session.deviceLabel.sqlValue, session.csrfToken.sqlValue,
                ]
            }
            let userIDs = Array(Set(sessions.map { $0.session.userID.sqlValue }))
            let instant = sessions.map(\.session.createdAt).min() ?? Date()
            for start in stride(from: 0, to: userIDs.count, by: 500) {
                let chunk = Array(userIDs[start..<min(userIDs.count, start + 500)])
                try await connection.execute(
                    "UPDATE users SET signed_in_at = \(instant) WHERE signed_in_at IS NULL AND id IN (\(list: chunk))")
            }
        }
    }

    public func session(forTokenDigest digest: String) async throws -> DeviceSession? {
        try await database.query("SELECT \(raw: Self.columns) FROM sessions WHERE token_hash = \(digest)").first.map(Self.session(from:))
    }

    public func touchSession(_ id: DeviceSession.ID, lastSeenAt: Date, expiresAt: Date) async throws {
        try await database.write { connection in
            try await connection.execute(
                "UPDATE sessions SET last_seen_at = \(lastSeenAt), expires_at = \(expiresAt) WHERE id = \(id)")
        }
    }

    public func sessions(of userID: User.ID) async throws -> [DeviceSession] {
        try await database.query(
            "SELECT \(raw: Self.columns) FROM sessions WHERE user_id = \(userID) ORDER BY last_seen_at DESC, id"
        ).map(Self.session(from:))
    }

    public func revokeSession(_ id: DeviceSession.ID, of userID: User.ID) async throws -> Bool {
        try await database.write { connection in
            !(try await connection.query("DELETE FROM sessions WHERE id = \(id) AND user_id = \(userID) RETURNING id")).isEmpty
        }
    }

    public func revokeSessions(of userID: User.ID, except kept: DeviceSession.ID?) async throws -> Int {
        try await database.write { connection in
            if let kept {
                return try await connection.query("DELETE FROM sessions WHERE user_id = \(userID) AND id <> \(kept) RETURNING id").count
            }
            return try await connection.query("DELETE FROM sessions WHERE user_id = \(userID) RETURNING id").count
        }
    }

    public func deleteExpiredSessions(before instant: Date) async throws -> Int {
        try await database.write { connection in
            try await connection.query("DELETE FROM sessions WHERE expires_at < \(instant) RETURNING id").count
        }
    }
}
