import CartableCore
import Foundation

/// One thing to tell one person by e-mail.
public struct OutboxItem: Sendable, Hashable {
    public var id: String
    public var schoolID: School.ID
    public var userID: User.ID
    public var senderID: User.ID?
    /// `message` or `announcement`.
    public var kind: String
    /// The message's or announcement's id: one e-mail line per person and thing, never two.
    public var refID: String
    /// What the e-mail says of it ("Message de Claire Moreau : Sortie jeudi").
    public var line: String
    /// Where it is read (a path).
    public var link: String
    public var dueAt: Date
    public var attempts: Int

    public init(
        id: String, schoolID: School.ID, userID: User.ID, senderID: User.ID?, kind: String, refID: String, line: String, link: String, dueAt: Date,
        attempts: Int = 0
    ) {
        self.id = id
        self.schoolID = schoolID
        self.userID = userID
        self.senderID = senderID
        self.kind = kind
        self.refID = refID
        self.line = line
        self.link = link
        self.dueAt = dueAt
        self.attempts = attempts
    }
}

/// Notification settings and the e-mail outbox.
public protocol NotificationStore: Sendable {
    /// The settings people saved, by id (someone who saved nothing is absent: the caller applies the defaults).
    func settings(of userIDs: [User.ID], in schoolID: School.ID) async throws -> [User.ID: NotificationSettings]
    /// Saves a person's settings; a token is made for their unsubscribe link the first time.
    func save(_ settings: NotificationSettings, in schoolID: School.ID, token: String, at instant: Date) async throws
    /// Turns e-mail off for the person whose unsubscribe link this is; their id, `nil` if no one's.
    func unsubscribe(token: String, at instant: Date) async throws -> User.ID?
    /// Queues items; one already queued for the same person and thing is kept as it is.
    func enqueue(_ items: [OutboxItem], at instant: Date) async throws
    /// Takes up to `limit` items due at `now` that nobody else is sending (a claim older than five minutes is stale).
    func claimDue(at now: Date, limit: Int) async throws -> [OutboxItem]
    /// Marks items sent.
    func markSent(_ ids: [String], at instant: Date) async throws
    /// Gives items back, to be tried again at `retryAt`.
    func release(_ ids: [String], retryAt: Date) async throws
    /// How many items wait, and how many were sent (for tests and metrics).
    func outboxCounts() async throws -> (waiting: Int, sent: Int)
}

public struct SQLNotificationStore: NotificationStore {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func settings(of userIDs: [User.ID], in schoolID: School.ID) async throws -> [User.ID: NotificationSettings] {
        var found: [User.ID: NotificationSettings] = [:]
        for start in stride(from: 0, to: userIDs.count, by: 500) {
            let chunk = Array(userIDs[start..<min(userIDs.count, start + 500)])
            for row in try await database.query(
                """
                SELECT user_id, email, email_mode, quiet_from, quiet_to, quiet_weekends, unsubscribe_token FROM notification_settings
                WHERE school_id = \(schoolID) AND user_id IN (\(list: chunk))
                """)
            {
                let from: Int? = try row.decode("quiet_from")
                let to: Int? = try row.decode("quiet_to")
                let id: User.ID = try row.decode("user_id")
                found[id] = NotificationSettings(
                    userID: id, email: try row.decode("email"), emailMode: EmailMode(rawValue: try row.decode("email_mode")) ?? .off,
                    quiet: from.flatMap { from in to.map { QuietHours(from: from, to: $0, weekends: (try? row.decode("quiet_weekends", as: Bool.self)) ?? false) } },
                    unsubscribeToken: try row.decode("unsubscribe_token"))
            }
        }
        return found
    }

    public func save(_ s: NotificationSettings, in schoolID: School.ID, token: String, at instant: Date) async throws {
        _ = try await database.writeStatement(
            """
            INSERT INTO notification_settings (user_id, school_id, email, email_mode, quiet_from, quiet_to, quiet_weekends, unsubscribe_token, updated_at)
            VALUES (\(s.userID), \(schoolID), \(s.email), \(s.emailMode.rawValue), \(s.quiet?.from), \(s.quiet?.to), \(s.quiet?.weekends ?? false),
                    \(s.unsubscribeToken ?? token), \(instant))
            ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, email_mode = excluded.email_mode, quiet_from = excluded.quiet_from,
                quiet_to = excluded.quiet_to, quiet_weekends = excluded.quiet_weekends, updated_at = excluded.updated_at,
                unsubscribe_token = COALESCE(notification_settings.unsubscribe_token, excluded.unsubscribe_token)
            """)
    }

    public func unsubscribe(token: String, at instant: Date) async throws -> User.ID? {
        try await database.writeStatement(
            "UPDATE notification_settings SET email_mode = 'off', updated_at = \(instant) WHERE unsubscribe_token = \(token) RETURNING user_id"
        ).first?.decode("user_id")
    }

    public func enqueue(_ items: [OutboxItem], at instant: Date) async throws {
        guard !items.isEmpty else { return }
        try await database.write { connection in
            try await BatchInsert.run(
                on: connection, table: "email_outbox",
                columns: ["id", "school_id", "user_id", "sender_id", "kind", "ref_id", "line", "link", "due_at", "claimed_at", "sent_at", "attempts", "created_at"],
                rows: items, suffix: "ON CONFLICT (user_id, ref_id) DO NOTHING"
            ) { item in
                [
                    item.id.sqlValue, item.schoolID.sqlValue, item.userID.sqlValue, item.senderID.sqlValue, item.kind.sqlValue, item.refID.sqlValue,
                    item.line.sqlValue, item.link.sqlValue, item.dueAt.sqlValue, SQLValue.null, SQLValue.null, 0.sqlValue, instant.sqlValue,
                ]
            }
        }
    }

    public func claimDue(at now: Date, limit: Int) async throws -> [OutboxItem] {
        let stale = now.addingTimeInterval(-300)
        return try await database.writeStatement(
            """
            UPDATE email_outbox SET claimed_at = \(now)
            WHERE id IN (SELECT id FROM email_outbox WHERE sent_at IS NULL AND due_at <= \(now) AND (claimed_at IS NULL OR claimed_at < \(stale))
                         ORDER BY due_at, id LIMIT \(limit))
              AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < \(stale))
            RETURNING id, school_id, user_id, sender_id, kind, ref_id, line, link, due_at, attempts
            """
        ).map { row in
            OutboxItem(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), userID: try row.decode("user_id"), senderID: try row.decode("sender_id"),
                kind: try row.decode("kind"), refID: try row.decode("ref_id"), line: try row.decode("line"), link: try row.decode("link"),
                dueAt: try row.decode("due_at"), attempts: try row.decode("attempts"))
        }
    }

    public func markSent(_ ids: [String], at instant: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { connection in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(ids.count, start + 500)])
                try await connection.execute("UPDATE email_outbox SET sent_at = \(instant) WHERE id IN (\(list: chunk))")
            }
        }
    }

    public func release(_ ids: [String], retryAt: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { connection in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(ids.count, start + 500)])
                try await connection.execute(
                    "UPDATE email_outbox SET claimed_at = NULL, attempts = attempts + 1, due_at = \(retryAt) WHERE id IN (\(list: chunk)) AND sent_at IS NULL")
            }
        }
    }

    public func outboxCounts() async throws -> (waiting: Int, sent: Int) {
        let row = try await database.query("SELECT count(*) - count(sent_at) AS waiting, count(sent_at) AS sent FROM email_outbox").first
        return (try row?.decode("waiting") ?? 0, try row?.decode("sent") ?? 0)
    }
}
