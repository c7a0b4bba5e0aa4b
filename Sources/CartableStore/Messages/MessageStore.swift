import CartableCore
import Foundation

/// A change of the messaging switch, for the log.
public struct MessagingSwitchChange: Hashable, Sendable {
    /// The school, or `nil` for the platform's switch.
    public var schoolID: School.ID?
    /// Whether sending became restricted to staff.
    public var staffOnly: Bool
    /// Who changed it (`nil`: the operator, from the command line).
    public var changedBy: User.ID?
    /// When.
    public var changedAt: Date
    /// Why, in the operator's words.
    public var note: String

    /// Creates a change.
    public init(schoolID: School.ID?, staffOnly: Bool, changedBy: User.ID?, changedAt: Date, note: String) {
        self.schoolID = schoolID
        self.staffOnly = staffOnly
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.note = note
    }
}

/// Messages, the message boxes, the school's messaging rules and switch, reports and suspensions.
///
/// Every write that changes what a person's box counts bumps that person's inbox version
/// (``ContentVersions/scope(ofInbox:)``) in the same transaction, and returns the new versions so that the
/// writing node keeps its unread counters current without asking again.
public protocol MessageStore: Sendable {
    /// The school's settings with the platform's switch.
    func settings(of schoolID: School.ID) async throws -> MessagingSettings
    /// Changes the school's rules; a change of the switch is logged.
    func setRules(pupilsWritePupils: Bool, staffOnly: Bool, for schoolID: School.ID, by userID: User.ID, at instant: Date) async throws
    /// Turns the platform's switch on or off (the operator), logged.
    func setPlatformStaffOnly(_ staffOnly: Bool, note: String, at instant: Date) async throws
    /// The switch's changes for `schoolID` and the platform's, newest first.
    func switchLog(of schoolID: School.ID, limit: Int) async throws -> [MessagingSwitchChange]

    /// Whether staff suspended this person's right to write.
    func isSuspended(_ userID: User.ID, in schoolID: School.ID) async throws -> Bool
    /// Suspends (or gives back) a person's right to write; `false` if the school has no such person.
    func setSuspended(_ suspended: Bool, _ userID: User.ID, in schoolID: School.ID, by staffID: User.ID, at instant: Date) async throws -> Bool
    /// The school's suspended people, with when.
    func suspensions(in schoolID: School.ID) async throws -> [(userID: User.ID, at: Date)]

    /// The people of the school among `ids`, with the facts the reach rules need (unknown ids are left out).
    func contacts(_ ids: [User.ID], in schoolID: School.ID) async throws -> [MessagingContact]
    /// The enabled people `list` names, in the school (an unknown class: nobody).
    func members(of list: RecipientList, in schoolID: School.ID) async throws -> [User.ID]
    /// Enabled people of the school whose name matches `search`, with their facts, by name.
    func searchContacts(matching search: String, in schoolID: School.ID, limit: Int) async throws -> [MessagingContact]

    /// Stores `message` (in a new `thread` if given, else in its existing thread) for its recipients; returns the
    /// new inbox versions of the recipients and of the author.
    func send(_ message: Message, newThread thread: MessageThread?) async throws -> [User.ID: Int64]
    /// A person's threads, the newest activity first.
    func inbox(of userID: User.ID, in schoolID: School.ID, limit: Int, offset: Int) async throws -> [InboxThread]
    /// A person's threads with a message they see whose subject or body contains `text`.
    func search(_ text: String, for userID: User.ID, in schoolID: School.ID, limit: Int) async throws -> [InboxThread]
    /// The thread as `userID` sees it (only messages they wrote or received), `nil` if they are not in it or deleted it.
    func thread(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID) async throws -> ThreadView?
    /// Marks what `userID` has not read in the thread as read; the new inbox version and how many were read, if any.
    func markRead(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID, at instant: Date) async throws -> (version: Int64, count: Int)?
    /// One message of the school, with all its recipients.
    func message(_ id: Message.ID, in schoolID: School.ID) async throws -> Message?
    /// Recalls a message; the new inbox versions of the recipients who had not read it (their count goes down) and of the author.
    func recall(_ id: Message.ID, in schoolID: School.ID, at instant: Date) async throws -> [User.ID: Int64]
    /// Deletes the thread from `userID`'s box (it comes back with a newer message); the new inbox version and how many
    /// unread messages it took away, `nil` if they were not in it.
    func hide(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID, at instant: Date) async throws -> (version: Int64, count: Int)?
    /// How many messages `userID` has not read.
    func unreadCount(of userID: User.ID, in schoolID: School.ID) async throws -> Int

    /// The people of the school among `ids` (purged ones too, as stand-ins), by id.
    func people(_ ids: Set<User.ID>, in schoolID: School.ID) async throws -> [User.ID: User]
    /// Every message of a thread of the school with its recipients, oldest first (staff reading a report).
    func messages(inThread id: MessageThread.ID, in schoolID: School.ID, limit: Int) async throws -> (MessageThread, [Message])?

    /// Records a report.
    func addReport(_ report: MessageReport) async throws
    /// The school's reports, newest first.
    func reports(in schoolID: School.ID, limit: Int) async throws -> [MessageReport]
}

/// ``MessageStore`` on SQLite or PostgreSQL.
public struct SQLMessageStore: MessageStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// A store over `database`, moving `versions`.
    public init(database: any SQLDatabase, versions: ContentVersions) {
        self.database = database
        self.versions = versions
    }

    // MARK: Rules, switch, suspensions

    public func settings(of schoolID: School.ID) async throws -> MessagingSettings {
        try await database.read { connection in
            var settings = MessagingSettings()
            if let row = try await connection.query(
                "SELECT pupils_write_pupils, staff_only FROM messaging_rules WHERE school_id = \(schoolID)"
            ).first {
                settings.pupilsWritePupils = try row.decode("pupils_write_pupils")
                settings.staffOnly = try row.decode("staff_only")
            }
            if let row = try await connection.query(
                "SELECT staff_only FROM messaging_switch_log WHERE school_id IS NULL ORDER BY changed_at DESC, id DESC LIMIT 1"
            ).first {
                settings.platformStaffOnly = try row.decode("staff_only")
            }
            return settings
        }
    }

    public func setRules(pupilsWritePupils: Bool, staffOnly: Bool, for schoolID: School.ID, by userID: User.ID, at instant: Date) async throws {
        let bumped = try await database.write { connection in
            let before = try await connection.query("SELECT staff_only FROM messaging_rules WHERE school_id = \(schoolID)").first
            let wasStaffOnly: Bool = try before?.decode("staff_only") ?? false
            try await connection.execute(
                """
                INSERT INTO messaging_rules (school_id, pupils_write_pupils, staff_only, updated_by, updated_at)
                VALUES (\(schoolID), \(pupilsWritePupils), \(staffOnly), \(userID), \(instant))
                ON CONFLICT (school_id) DO UPDATE SET pupils_write_pupils = excluded.pupils_write_pupils, staff_only = excluded.staff_only,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """)
            if wasStaffOnly != staffOnly {
                try await connection.execute(
                    """
                    INSERT INTO messaging_switch_log (id, school_id, staff_only, changed_by, changed_at, note)
                    VALUES (\(UUID().uuidString.lowercased()), \(schoolID), \(staffOnly), \(userID), \(instant), '')
                    """)
            }
            return try await ContentVersions.bump([ContentVersions.scope(ofMessagingIn: schoolID)], schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    public func setPlatformStaffOnly(_ staffOnly: Bool, note: String, at instant: Date) async throws {
        let bumped = try await database.write { connection -> [(String, Int64)] in
            try await connection.execute(
                """
                INSERT INTO messaging_switch_log (id, school_id, staff_only, changed_by, changed_at, note)
                VALUES (\(UUID().uuidString.lowercased()), NULL, \(staffOnly), NULL, \(instant), \(note))
                """)
            // Every school's pages that say whether one may write move.
            var bumped: [(String, Int64)] = []
            for row in try await connection.query("SELECT id FROM schools") {
                let schoolID: School.ID = try row.decode("id")
                bumped += try await ContentVersions.bump([ContentVersions.scope(ofMessagingIn: schoolID)], schoolID: schoolID, at: instant, on: connection)
            }
            return bumped
        }
        versions.recordBumped(bumped, at: instant)
    }

    public func switchLog(of schoolID: School.ID, limit: Int) async throws -> [MessagingSwitchChange] {
        try await database.query(
            """
            SELECT school_id, staff_only, changed_by, changed_at, note FROM messaging_switch_log
            WHERE school_id = \(schoolID) OR school_id IS NULL ORDER BY changed_at DESC, id DESC LIMIT \(limit)
            """
        ).map { row in
            MessagingSwitchChange(
                schoolID: try row.decode("school_id"), staffOnly: try row.decode("staff_only"), changedBy: try row.decode("changed_by"),
                changedAt: try row.decode("changed_at"), note: try row.decode("note"))
        }
    }

    public func isSuspended(_ userID: User.ID, in schoolID: School.ID) async throws -> Bool {
        try await !database.query("SELECT 1 FROM messaging_suspensions WHERE user_id = \(userID) AND school_id = \(schoolID)").isEmpty
    }

    public func setSuspended(_ suspended: Bool, _ userID: User.ID, in schoolID: School.ID, by staffID: User.ID, at instant: Date) async throws
        -> Bool
    {
        try await database.write { connection in
            guard
                !(try await connection.query("SELECT 1 FROM users WHERE id = \(userID) AND school_id = \(schoolID) AND purged_at IS NULL")
                    .isEmpty)
            else { return false }
            if suspended {
                try await connection.execute(
                    """
                    INSERT INTO messaging_suspensions (user_id, school_id, suspended_by, suspended_at) VALUES (\(userID), \(schoolID), \(staffID), \(instant))
                    ON CONFLICT (user_id) DO NOTHING
                    """)
            } else {
                try await connection.execute("DELETE FROM messaging_suspensions WHERE user_id = \(userID) AND school_id = \(schoolID)")
            }
            return true
        }
    }

    public func suspensions(in schoolID: School.ID) async throws -> [(userID: User.ID, at: Date)] {
        try await database.query(
            "SELECT user_id, suspended_at FROM messaging_suspensions WHERE school_id = \(schoolID) ORDER BY suspended_at DESC, user_id"
        ).map { (try $0.decode("user_id"), try $0.decode("suspended_at")) }
    }

    // MARK: Contacts

    public func contacts(_ ids: [User.ID], in schoolID: School.ID) async throws -> [MessagingContact] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { connection in
            var users: [User] = []
            var signedIn: Set<User.ID> = []
            for chunk in Self.chunks(ids) {
                for row in try await connection.query(
                    """
                    SELECT \(raw: SQLIdentityStore.userColumns), u.signed_in_at FROM users u
                    WHERE u.school_id = \(schoolID) AND u.purged_at IS NULL AND u.id IN (\(list: chunk))
                    """)
                {
                    let user = try SQLIdentityStore.user(from: row)
                    users.append(user)
                    if (try row.decode("signed_in_at", as: Date?.self)) != nil { signedIn.insert(user.id) }
                }
            }
            return try await Self.facts(of: users, signedIn: signedIn, in: schoolID, on: connection)
        }
    }

    /// Adds to each user the classes and relations the rules need, a few queries for all of them.
    static func facts(of users: [User], signedIn: Set<User.ID>, in schoolID: School.ID, on connection: any SQLConnection) async throws
        -> [MessagingContact]
    {
        var classes: [User.ID: Set<SchoolClass.ID>] = [:]
        var related: [User.ID: Set<User.ID>] = [:]
        let pupils = users.filter { $0.role == .pupil }.map(\.id)
        let guardians = users.filter { $0.role == .guardian }.map(\.id)
        let teachers = users.filter { $0.role == .teacher }.map(\.id)
        for chunk in chunks(pupils) {
            for row in try await connection.query(
                "SELECT pupil_id, class_id FROM enrolments WHERE school_id = \(schoolID) AND pupil_id IN (\(list: chunk))")
            {
                classes[try row.decode("pupil_id"), default: []].insert(try row.decode("class_id"))
            }
            for row in try await connection.query(
                "SELECT pupil_id, guardian_id FROM guardianships WHERE school_id = \(schoolID) AND pupil_id IN (\(list: chunk))")
            {
                related[try row.decode("pupil_id"), default: []].insert(try row.decode("guardian_id"))
            }
        }
        for chunk in chunks(guardians) {
            for row in try await connection.query(
                """
                SELECT g.guardian_id, g.pupil_id, e.class_id FROM guardianships g LEFT JOIN enrolments e ON e.pupil_id = g.pupil_id
                WHERE g.school_id = \(schoolID) AND g.guardian_id IN (\(list: chunk))
                """)
            {
                let guardian: User.ID = try row.decode("guardian_id")
                related[guardian, default: []].insert(try row.decode("pupil_id"))
                if let classID = try row.decode("class_id", as: SchoolClass.ID?.self) { classes[guardian, default: []].insert(classID) }
            }
        }
        for chunk in chunks(teachers) {
            for row in try await connection.query(
                "SELECT teacher_id, class_id FROM teachings WHERE school_id = \(schoolID) AND teacher_id IN (\(list: chunk))")
            {
                classes[try row.decode("teacher_id"), default: []].insert(try row.decode("class_id"))
            }
        }
        return users.map {
            MessagingContact(user: $0, classIDs: classes[$0.id] ?? [], relatedIDs: related[$0.id] ?? [], hasSignedIn: signedIn.contains($0.id))
        }
    }

    static func chunks<T>(_ values: [T]) -> [[T]] {
        stride(from: 0, to: values.count, by: 500).map { Array(values[$0..<min(values.count, $0 + 500)]) }
    }

    public func members(of list: RecipientList, in schoolID: School.ID) async throws -> [User.ID] {
        let query: SQLQuery
        switch list {
        case .pupils(let classID):
            query = """
                SELECT u.id FROM enrolments e JOIN users u ON u.id = e.pupil_id
                WHERE e.class_id = \(classID) AND e.school_id = \(schoolID) AND u.school_id = \(schoolID) AND u.is_disabled = 0 AND u.purged_at IS NULL
                ORDER BY u.last_name, u.first_name, u.id
                """
        case .guardians(let classID):
            query = """
                SELECT DISTINCT u.id, u.last_name, u.first_name FROM enrolments e JOIN guardianships g ON g.pupil_id = e.pupil_id
                JOIN users u ON u.id = g.guardian_id
                WHERE e.class_id = \(classID) AND e.school_id = \(schoolID) AND u.school_id = \(schoolID) AND u.is_disabled = 0 AND u.purged_at IS NULL
                ORDER BY u.last_name, u.first_name, u.id
                """
        case .teachers(let classID):
            query = """
                SELECT DISTINCT u.id, u.last_name, u.first_name FROM teachings t JOIN users u ON u.id = t.teacher_id
                WHERE t.class_id = \(classID) AND t.school_id = \(schoolID) AND u.school_id = \(schoolID) AND u.is_disabled = 0 AND u.purged_at IS NULL
                ORDER BY u.last_name, u.first_name, u.id
                """
        case .wholeSchool:
            query = """
                SELECT u.id FROM users u WHERE u.school_id = \(schoolID) AND u.is_disabled = 0 AND u.purged_at IS NULL
                ORDER BY u.last_name, u.first_name, u.id
                """
        }
        return try await database.query(query).map { try $0.decode("id") }
    }

    public func searchContacts(matching search: String, in schoolID: School.ID, limit: Int) async throws -> [MessagingContact] {
        let pattern = "%" + SQLIdentityStore.escapeLike(search.lowercased()) + "%"
        return try await database.read { connection in
            var users: [User] = []
            var signedIn: Set<User.ID> = []
            for row in try await connection.query(
                """
                SELECT \(raw: SQLIdentityStore.userColumns), u.signed_in_at FROM users u
                WHERE u.school_id = \(schoolID) AND u.purged_at IS NULL AND u.is_disabled = 0
                  AND (lower(u.first_name) LIKE \(pattern) ESCAPE '\\' OR lower(u.last_name) LIKE \(pattern) ESCAPE '\\'
                       OR lower(u.first_name || ' ' || u.last_name) LIKE \(pattern) ESCAPE '\\')
                ORDER BY u.last_name, u.first_name, u.id LIMIT \(limit)
                """)
            {
                let user = try SQLIdentityStore.user(from: row)
                users.append(user)
                if (try row.decode("signed_in_at", as: Date?.self)) != nil { signedIn.insert(user.id) }
            }
            return try await Self.facts(of: users, signedIn: signedIn, in: schoolID, on: connection)
        }
    }

    // MARK: Messages

    public func send(_ message: Message, newThread thread: MessageThread?) async throws -> [User.ID: Int64] {
        let schoolID = message.schoolID
        let bumped = try await database.write { connection -> ([(String, Int64)], [String: Int]) in
            if let thread {
                try await connection.execute(
                    """
                    INSERT INTO message_threads (id, school_id, subject, started_by, started_at, no_reply, search_text)
                    VALUES (\(thread.id), \(schoolID), \(thread.subject), \(thread.startedBy), \(thread.startedAt), \(thread.noReply),
                            \(TextRules.folded(thread.subject)))
                    """)
            }
            try await connection.execute(
                """
                INSERT INTO messages (id, school_id, thread_id, author_id, body, sent_at, recalled_at, search_text, attachment_key, attachment_name,
                                      attachment_kind, attachment_size)
                VALUES (\(message.id), \(schoolID), \(message.threadID), \(message.authorID), \(message.body), \(message.sentAt), NULL,
                        \(TextRules.folded(message.body)), \(message.attachment?.key), \(message.attachment?.name), \(message.attachment?.kind.rawValue),
                        \(message.attachment?.size))
                """)
            try await BatchInsert.run(
                on: connection, table: "message_recipients", columns: ["message_id", "school_id", "thread_id", "recipient_id", "read_at"],
                rows: message.recipientIDs
            ) { [message.id.sqlValue, schoolID.sqlValue, message.threadID.sqlValue, $0.sqlValue, SQLValue.null] }
            try await BatchInsert.run(
                on: connection, table: "message_boxes", columns: ["user_id", "thread_id", "school_id", "last_at", "hidden_at"],
                rows: [message.authorID] + message.recipientIDs,
                suffix: "ON CONFLICT (user_id, thread_id) DO UPDATE SET last_at = excluded.last_at"
            ) { [$0.sqlValue, message.threadID.sqlValue, schoolID.sqlValue, message.sentAt.sqlValue, SQLValue.null] }
            // The author's box moves too (the thread is listed first), though their count does not.
            let people = message.recipientIDs + [message.authorID]
            let bumped = try await ContentVersions.bumpMany(
                Set(people.map { ContentVersions.scope(ofInbox: $0) }), schoolID: schoolID, at: message.sentAt, on: connection)
            return (bumped, try await Self.unreadCounts(of: people, in: schoolID, on: connection))
        }
        versions.recordBumped(bumped.0, at: message.sentAt, counts: bumped.1)
        return Self.byUser(bumped.0)
    }

    /// Each person's unread messages, keyed by their inbox scope, read in the write's transaction (so that every
    /// node's counters follow the write without asking).
    static func unreadCounts(of people: [User.ID], in schoolID: School.ID, on connection: any SQLConnection) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for person in people { counts[ContentVersions.scope(ofInbox: person)] = 0 }
        for chunk in chunks(Array(Set(people))) {
            for row in try await connection.query(
                """
                SELECT r.recipient_id, COUNT(*) AS unread FROM message_recipients r JOIN messages m ON m.id = r.message_id
                WHERE r.recipient_id IN (\(list: chunk)) AND r.school_id = \(schoolID) AND r.read_at IS NULL AND m.recalled_at IS NULL
                GROUP BY r.recipient_id
                """)
            {
                counts[ContentVersions.scope(ofInbox: try row.decode("recipient_id"))] = try row.decode("unread")
            }
        }
        return counts
    }

    static func byUser(_ bumped: [(String, Int64)]) -> [User.ID: Int64] {
        var result: [User.ID: Int64] = [:]
        for (scope, version) in bumped where scope.hasPrefix("inbox:") {
            result[User.ID(rawValue: String(scope.dropFirst("inbox:".count)))] = version
        }
        return result
    }

    public func inbox(of userID: User.ID, in schoolID: School.ID, limit: Int, offset: Int) async throws -> [InboxThread] {
        try await database.read { connection in
            let rows = try await connection.query(
                """
                SELECT t.id, t.subject, t.started_by, t.started_at, t.no_reply, b.last_at,
                    (SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
                     WHERE r.recipient_id = \(userID) AND r.thread_id = t.id AND r.read_at IS NULL AND m.recalled_at IS NULL) AS unread
                FROM message_boxes b JOIN message_threads t ON t.id = b.thread_id
                WHERE b.user_id = \(userID) AND b.school_id = \(schoolID) AND (b.hidden_at IS NULL OR b.last_at > b.hidden_at)
                ORDER BY b.last_at DESC, t.id LIMIT \(limit) OFFSET \(offset)
                """)
            return try await Self.listed(rows, for: userID, schoolID: schoolID, on: connection)
        }
    }

    public func search(_ text: String, for userID: User.ID, in schoolID: School.ID, limit: Int) async throws -> [InboxThread] {
        let pattern = "%" + SQLIdentityStore.escapeLike(TextRules.folded(text)) + "%"
        return try await database.read { connection in
            let rows = try await connection.query(
                """
                SELECT t.id, t.subject, t.started_by, t.started_at, t.no_reply, b.last_at,
                    (SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
                     WHERE r.recipient_id = \(userID) AND r.thread_id = t.id AND r.read_at IS NULL AND m.recalled_at IS NULL) AS unread
                FROM message_boxes b JOIN message_threads t ON t.id = b.thread_id
                WHERE b.user_id = \(userID) AND b.school_id = \(schoolID) AND (b.hidden_at IS NULL OR b.last_at > b.hidden_at)
                  AND (t.search_text LIKE \(pattern) ESCAPE '\\' OR EXISTS (
                    SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.search_text LIKE \(pattern) ESCAPE '\\'
                      AND (m.author_id = \(userID) OR (m.recalled_at IS NULL AND EXISTS (
                        SELECT 1 FROM message_recipients r WHERE r.message_id = m.id AND r.recipient_id = \(userID))))))
                ORDER BY b.last_at DESC, t.id LIMIT \(limit)
                """)
            return try await Self.listed(rows, for: userID, schoolID: schoolID, on: connection)
        }
    }

    /// The listed threads with, for each, up to three other people of it.
    static func listed(_ rows: [SQLRow], for userID: User.ID, schoolID: School.ID, on connection: any SQLConnection) async throws -> [InboxThread] {
        guard !rows.isEmpty else { return [] }
        let threads = try rows.map { row in
            InboxThread(
                thread: MessageThread(
                    id: try row.decode("id"), schoolID: schoolID, subject: try row.decode("subject"), startedBy: try row.decode("started_by"),
                    startedAt: try row.decode("started_at"), noReply: try row.decode("no_reply")),
                lastAt: try row.decode("last_at"), unread: try row.decode("unread"), otherIDs: [])
        }
        let ids = threads.map(\.thread.id)
        var others: [MessageThread.ID: [User.ID]] = [:]
        for row in try await connection.query(
            """
            SELECT thread_id, person FROM (
                SELECT thread_id, person, ROW_NUMBER() OVER (PARTITION BY thread_id ORDER BY person) AS n FROM (
                    SELECT m.thread_id AS thread_id, m.author_id AS person FROM messages m JOIN message_recipients r ON r.message_id = m.id
                    WHERE r.recipient_id = \(userID) AND m.thread_id IN (\(list: ids))
                    UNION
                    SELECT r.thread_id AS thread_id, r.recipient_id AS person FROM message_recipients r JOIN messages m ON m.id = r.message_id
                    WHERE m.author_id = \(userID) AND r.thread_id IN (\(list: ids))
                ) p WHERE person <> \(userID)
            ) q WHERE n <= 4 ORDER BY thread_id, n
            """)
        {
            others[try row.decode("thread_id"), default: []].append(try row.decode("person"))
        }
        return threads.map { listed in
            var listed = listed
            listed.otherIDs = others[listed.thread.id] ?? []
            return listed
        }
    }

    static let messageColumns =
        "m.id, m.school_id, m.thread_id, m.author_id, m.body, m.sent_at, m.recalled_at, m.attachment_key, m.attachment_name, m.attachment_kind, m.attachment_size"

    static func message(from row: SQLRow, recipients: [User.ID]) throws -> Message {
        var attachment: StoredFile?
        if let key: String = try row.decode("attachment_key") {
            attachment = StoredFile(
                key: key, name: try row.decode("attachment_name") ?? "fichier", kind: FileKind(rawValue: try row.decode("attachment_kind") ?? "") ?? .pdf,
                size: try row.decode("attachment_size") ?? 0)
        }
        return Message(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), threadID: try row.decode("thread_id"),
            authorID: try row.decode("author_id"), body: try row.decode("body"), sentAt: try row.decode("sent_at"),
            recalledAt: try row.decode("recalled_at"), recipientIDs: recipients, attachment: attachment)
    }

    public func thread(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID) async throws -> ThreadView? {
        try await database.read { connection in
            guard
                let row = try await connection.query(
                    """
                    SELECT t.subject, t.started_by, t.started_at, t.no_reply, b.last_at, b.hidden_at FROM message_threads t
                    JOIN message_boxes b ON b.thread_id = t.id AND b.user_id = \(userID)
                    WHERE t.id = \(id) AND t.school_id = \(schoolID)
                    """
                ).first
            else { return nil }
            let hiddenAt: Date? = try row.decode("hidden_at")
            let lastAt: Date = try row.decode("last_at")
            if let hiddenAt, lastAt <= hiddenAt { return nil }
            let thread = MessageThread(
                id: id, schoolID: schoolID, subject: try row.decode("subject"), startedBy: try row.decode("started_by"),
                startedAt: try row.decode("started_at"), noReply: try row.decode("no_reply"))
            // Messages received: their author and this person (other recipients are not shown: a message to a class's
            // families does not give away the other families). Messages written: every recipient.
            let received = try await connection.query(
                """
                SELECT \(raw: Self.messageColumns), r.read_at FROM messages m JOIN message_recipients r ON r.message_id = m.id
                WHERE m.thread_id = \(id) AND r.recipient_id = \(userID) AND m.author_id <> \(userID)
                """)
            var items: [ThreadView.Item] = try received.map { row in
                var message = try Self.message(from: row, recipients: [userID])
                if message.recalledAt != nil {
                    message.body = ""
                    message.attachment = nil
                }
                return ThreadView.Item(message: message, wasUnread: (try row.decode("read_at", as: Date?.self)) == nil && message.recalledAt == nil)
            }
            let written = try await connection.query(
                "SELECT \(raw: Self.messageColumns) FROM messages m WHERE m.thread_id = \(id) AND m.author_id = \(userID)")
            if !written.isEmpty {
                var recipients: [Message.ID: [User.ID]] = [:]
                for row in try await connection.query(
                    """
                    SELECT r.message_id, r.recipient_id FROM message_recipients r JOIN messages m ON m.id = r.message_id
                    WHERE m.thread_id = \(id) AND m.author_id = \(userID) ORDER BY r.recipient_id
                    """)
                {
                    recipients[try row.decode("message_id"), default: []].append(try row.decode("recipient_id"))
                }
                for row in written {
                    let messageID: Message.ID = try row.decode("id")
                    items.append(ThreadView.Item(message: try Self.message(from: row, recipients: recipients[messageID] ?? []), wasUnread: false))
                }
            }
            items.sort { ($0.message.sentAt, $0.message.id) < ($1.message.sentAt, $1.message.id) }
            return ThreadView(thread: thread, items: items)
        }
    }

    public func markRead(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID, at instant: Date) async throws
        -> (version: Int64, count: Int)?
    {
        let result = try await database.write { connection -> (Int, [(String, Int64)], [String: Int])? in
            // A recalled message was no longer waiting: it is marked read, not counted.
            let counted: Int = try await connection.query(
                """
                SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
                WHERE r.recipient_id = \(userID) AND r.thread_id = \(id) AND r.school_id = \(schoolID) AND r.read_at IS NULL AND m.recalled_at IS NULL
                """
            ).first?.first() ?? 0
            let read = try await connection.query(
                """
                UPDATE message_recipients SET read_at = \(instant)
                WHERE recipient_id = \(userID) AND thread_id = \(id) AND school_id = \(schoolID) AND read_at IS NULL
                RETURNING message_id
                """)
            guard !read.isEmpty else { return nil }
            let bumped = try await ContentVersions.bump([ContentVersions.scope(ofInbox: userID)], schoolID: schoolID, at: instant, on: connection)
            return (counted, bumped, try await Self.unreadCounts(of: [userID], in: schoolID, on: connection))
        }
        guard let (count, bumped, counts) = result else { return nil }
        versions.recordBumped(bumped, at: instant, counts: counts)
        return (bumped.first?.1 ?? 0, count)
    }

    public func message(_ id: Message.ID, in schoolID: School.ID) async throws -> Message? {
        try await database.read { connection in
            guard let row = try await connection.query("SELECT \(raw: Self.messageColumns) FROM messages m WHERE m.id = \(id) AND m.school_id = \(schoolID)").first
            else { return nil }
            let recipients: [User.ID] = try await connection.query(
                "SELECT recipient_id FROM message_recipients WHERE message_id = \(id) ORDER BY recipient_id"
            ).map { try $0.decode("recipient_id") }
            return try Self.message(from: row, recipients: recipients)
        }
    }

    public func recall(_ id: Message.ID, in schoolID: School.ID, at instant: Date) async throws -> [User.ID: Int64] {
        let bumped = try await database.write { connection -> ([(String, Int64)], [String: Int]) in
            let updated = try await connection.query(
                "UPDATE messages SET recalled_at = \(instant) WHERE id = \(id) AND school_id = \(schoolID) AND recalled_at IS NULL RETURNING id")
            guard !updated.isEmpty else { return ([], [:]) }
            let unread: [User.ID] = try await connection.query(
                "SELECT recipient_id FROM message_recipients WHERE message_id = \(id) AND read_at IS NULL"
            ).map { try $0.decode("recipient_id") }
            let author: User.ID = try await connection.query("SELECT author_id FROM messages WHERE id = \(id)").first?.decode("author_id")
                ?? User.ID(rawValue: "")
            let bumped = try await ContentVersions.bumpMany(
                Set((unread + [author]).map { ContentVersions.scope(ofInbox: $0) }), schoolID: schoolID, at: instant, on: connection)
            return (bumped, try await Self.unreadCounts(of: unread + [author], in: schoolID, on: connection))
        }
        versions.recordBumped(bumped.0, at: instant, counts: bumped.1)
        return Self.byUser(bumped.0)
    }

    public func hide(_ id: MessageThread.ID, for userID: User.ID, in schoolID: School.ID, at instant: Date) async throws
        -> (version: Int64, count: Int)?
    {
        let result = try await database.write { connection -> (Int, [(String, Int64)], [String: Int])? in
            let hidden = try await connection.query(
                """
                UPDATE message_boxes SET hidden_at = \(instant) WHERE user_id = \(userID) AND thread_id = \(id) AND school_id = \(schoolID)
                RETURNING thread_id
                """)
            guard !hidden.isEmpty else { return nil }
            let counted: Int = try await connection.query(
                """
                SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
                WHERE r.recipient_id = \(userID) AND r.thread_id = \(id) AND r.school_id = \(schoolID) AND r.read_at IS NULL AND m.recalled_at IS NULL
                """
            ).first?.first() ?? 0
            _ = try await connection.query(
                """
                UPDATE message_recipients SET read_at = \(instant)
                WHERE recipient_id = \(userID) AND thread_id = \(id) AND school_id = \(schoolID) AND read_at IS NULL
                RETURNING message_id
                """)
            let bumped = try await ContentVersions.bump([ContentVersions.scope(ofInbox: userID)], schoolID: schoolID, at: instant, on: connection)
            return (counted, bumped, try await Self.unreadCounts(of: [userID], in: schoolID, on: connection))
        }
        guard let (count, bumped, counts) = result else { return nil }
        versions.recordBumped(bumped, at: instant, counts: counts)
        return (bumped.first?.1 ?? 0, count)
    }

    public func unreadCount(of userID: User.ID, in schoolID: School.ID) async throws -> Int {
        try await database.query(
            """
            SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id
            WHERE r.recipient_id = \(userID) AND r.school_id = \(schoolID) AND r.read_at IS NULL AND m.recalled_at IS NULL
            """
        ).first?.first() ?? 0
    }

    public func people(_ ids: Set<User.ID>, in schoolID: School.ID) async throws -> [User.ID: User] {
        guard !ids.isEmpty else { return [:] }
        var found: [User.ID: User] = [:]
        for chunk in Self.chunks(Array(ids)) {
            for row in try await database.query(
                "SELECT \(raw: SQLIdentityStore.userColumns) FROM users u WHERE u.school_id = \(schoolID) AND u.id IN (\(list: chunk))")
            {
                let user = try SQLIdentityStore.user(from: row)
                found[user.id] = user
            }
        }
        return found
    }

    public func messages(inThread id: MessageThread.ID, in schoolID: School.ID, limit: Int) async throws -> (MessageThread, [Message])? {
        try await database.read { connection in
            guard
                let row = try await connection.query(
                    "SELECT subject, started_by, started_at, no_reply FROM message_threads WHERE id = \(id) AND school_id = \(schoolID)"
                ).first
            else { return nil }
            let thread = MessageThread(
                id: id, schoolID: schoolID, subject: try row.decode("subject"), startedBy: try row.decode("started_by"),
                startedAt: try row.decode("started_at"), noReply: try row.decode("no_reply"))
            var recipients: [Message.ID: [User.ID]] = [:]
            for row in try await connection.query(
                "SELECT message_id, recipient_id FROM message_recipients WHERE thread_id = \(id) AND school_id = \(schoolID) ORDER BY recipient_id")
            {
                recipients[try row.decode("message_id"), default: []].append(try row.decode("recipient_id"))
            }
            let messages = try await connection.query(
                "SELECT \(raw: Self.messageColumns) FROM messages m WHERE m.thread_id = \(id) ORDER BY m.sent_at, m.id LIMIT \(limit)"
            ).map { row in
                try Self.message(from: row, recipients: recipients[try row.decode("id")] ?? [])
            }
            return (thread, messages)
        }
    }

    public func addReport(_ report: MessageReport) async throws {
        _ = try await database.writeStatement(
            """
            INSERT INTO message_reports (id, school_id, message_id, reporter_id, reported_at, note)
            VALUES (\(report.id), \(report.schoolID), \(report.messageID), \(report.reporterID), \(report.reportedAt), \(report.note))
            """)
    }

    public func reports(in schoolID: School.ID, limit: Int) async throws -> [MessageReport] {
        try await database.query(
            """
            SELECT id, school_id, message_id, reporter_id, reported_at, note FROM message_reports WHERE school_id = \(schoolID)
            ORDER BY reported_at DESC, id LIMIT \(limit)
            """
        ).map { row in
            MessageReport(
                id: try row.decode("id"), schoolID: try row.decode("school_id"), messageID: try row.decode("message_id"),
                reporterID: try row.decode("reporter_id"), reportedAt: try row.decode("reported_at"), note: try row.decode("note"))
        }
    }
}
