import CartableCore
import Foundation

/// ``SecurityLogStore`` on SQLite or PostgreSQL.
public struct SQLSecurityLogStore: SecurityLogStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func record(_ event: SecurityEvent) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO security_events (id, school_id, at, kind, actor_id, subject_id, address, device)
                VALUES (\(event.id), \(event.schoolID), \(event.at), \(event.kind.rawValue), \(event.actorID), \(event.subjectID),
                        \(event.address), \(event.device))
                """)
        }
    }

    public func events(in schoolID: School.ID, limit: Int) async throws -> [SecurityLogEntry] {
        let rows = try await database.query(
            """
            SELECT e.id, e.at, e.kind, e.actor_id, e.subject_id, e.address, e.device,
                   a.first_name AS actor_first, a.last_name AS actor_last, s.first_name AS subject_first, s.last_name AS subject_last,
                   s.login AS subject_login
            FROM security_events e
            LEFT JOIN users a ON a.id = e.actor_id AND a.school_id = e.school_id
            LEFT JOIN users s ON s.id = e.subject_id AND s.school_id = e.school_id
            WHERE e.school_id = \(schoolID) ORDER BY e.at DESC, e.id LIMIT \(limit)
            """)
        return try rows.compactMap { row in
            guard let kind = SecurityEvent.Kind(rawValue: try row.decode("kind")) else { return nil }
            let event = SecurityEvent(
                id: try row.decode("id"), schoolID: schoolID, at: try row.decode("at"), kind: kind, actorID: try row.decode("actor_id"),
                subjectID: try row.decode("subject_id"), address: try row.decode("address"), device: try row.decode("device"))
            let actorFirst: String? = try row.decode("actor_first")
            let actorLast: String? = try row.decode("actor_last")
            let subjectFirst: String? = try row.decode("subject_first")
            let subjectLast: String? = try row.decode("subject_last")
            let subjectLogin: String? = try row.decode("subject_login")
            return SecurityLogEntry(
                event: event, actorName: actorFirst.map { "\($0) \(actorLast ?? "")" },
                subjectName: subjectFirst.map { "\($0) \(subjectLast ?? "") (\(subjectLogin ?? ""))" })
        }
    }

    public func deleteEvents(before instant: Date) async throws -> Int {
        try await database.write { connection in
            try await connection.query("DELETE FROM security_events WHERE at < \(instant) RETURNING id").count
        }
    }
}
