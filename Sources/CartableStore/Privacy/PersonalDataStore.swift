import CartableCore
import Foundation

/// Everything Cartable holds about one person, for their right of access (GDPR, art. 15): each table
/// that records them, as rows of named values, and the files they wrote or uploaded.
///
/// Secrets are never part of it: no password hash, session token digest, CSRF token, two-factor secret
/// or recovery code digest (the list of columns of each table is written out here, not `*`).
public protocol PersonalDataStore: Sendable {
    /// The person's data in `schoolID`; `nil` if there is no such person there.
    func personalData(of userID: User.ID, in schoolID: School.ID) async throws -> PersonalData?
}

/// A person's data: named sections of rows, and files.
public struct PersonalData: Sendable {
    /// One table's rows about the person.
    public struct Section: Sendable {
        /// What it is (`account`, `submissions`, …).
        public var name: String
        /// Each row, column by column, in order.
        public var rows: [[(column: String, value: SQLValue)]]
    }

    /// A file of theirs: where it goes in the archive, and the blob that holds it.
    public struct File: Sendable {
        /// `work/…` or `documents/…`.
        public var folder: String
        /// The file's name.
        public var name: String
        /// The blob's key.
        public var key: String
    }

    /// The sections, in order.
    public var sections: [Section]

    /// The rows of the section called `name` (none if there is no such section).
    public func rows(of name: String) -> [[(column: String, value: SQLValue)]] {
        for section in sections where section.name == name { return section.rows }
        return []
    }
    /// The files.
    public var files: [File]
}

/// ``PersonalDataStore`` on SQLite or PostgreSQL.
public struct SQLPersonalDataStore: PersonalDataStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// (section, query) for every table that records a person, with only the columns that are theirs to see.
    static func queries(_ id: User.ID, _ school: School.ID) -> [(String, SQLQuery)] {
        [
            ("account", "SELECT u.id, u.login, u.first_name, u.last_name, u.role, u.is_disabled, u.created_at, u.updated_at, u.external_id, u.birth_date, u.charter_accepted_at, u.left_at, s.uai AS school_uai, s.name AS school_name FROM users u JOIN schools s ON s.id = u.school_id WHERE u.id = \(id) AND u.school_id = \(school)"),
            ("classes", "SELECT c.name, c.kind, c.level FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.pupil_id = \(id) AND e.school_id = \(school) ORDER BY c.name"),
            ("children", "SELECT u.first_name, u.last_name, u.login FROM guardianships g JOIN users u ON u.id = g.pupil_id WHERE g.guardian_id = \(id) AND g.school_id = \(school) ORDER BY u.last_name"),
            ("guardians", "SELECT u.first_name, u.last_name, u.login FROM guardianships g JOIN users u ON u.id = g.guardian_id WHERE g.pupil_id = \(id) AND g.school_id = \(school) ORDER BY u.last_name"),
            ("teachings", "SELECT c.name AS class_name, t.subject FROM teachings t JOIN classes c ON c.id = t.class_id WHERE t.teacher_id = \(id) AND t.school_id = \(school) ORDER BY c.name, t.subject"),
            ("devices", "SELECT device_label, created_at, last_seen_at, expires_at, is_remembered FROM sessions WHERE user_id = \(id) AND school_id = \(school) ORDER BY created_at"),
            ("two_factor", "SELECT confirmed_at, updated_at, (SELECT count(*) FROM recovery_codes r WHERE r.user_id = \(id) AND r.used_at IS NULL) AS unused_recovery_codes FROM two_factor WHERE user_id = \(id) AND school_id = \(school)"),
            ("submissions", "SELECT n.subject, a.due_date, s.text, s.revision, s.saved_at, s.handed_in_at, s.is_late, s.feedback, s.mark, s.returned_at FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN notebook_entries n ON n.id = a.entry_id WHERE s.pupil_id = \(id) AND s.school_id = \(school) ORDER BY a.due_date"),
            ("submission_files", "SELECT f.name, f.kind, f.size, f.created_at FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE s.pupil_id = \(id) AND s.school_id = \(school) ORDER BY f.created_at"),
            ("notebook_entries", "SELECT c.name AS class_name, e.subject, e.session_date, e.done, e.work, e.due_date, e.estimated_minutes, e.links, e.created_at, e.updated_at FROM notebook_entries e JOIN classes c ON c.id = e.class_id WHERE e.teacher_id = \(id) AND e.school_id = \(school) ORDER BY e.session_date"),
            ("assignments", "SELECT n.subject, a.instructions, a.due_date, a.answer_kinds, a.allows_late, a.created_at FROM assignments a JOIN notebook_entries n ON n.id = a.entry_id WHERE a.teacher_id = \(id) AND a.school_id = \(school) ORDER BY a.due_date"),
            ("documents", "SELECT c.name AS class_name, d.folder, d.name, d.kind, d.size, d.created_at FROM documents d JOIN classes c ON c.id = d.class_id WHERE d.uploaded_by = \(id) AND d.school_id = \(school) ORDER BY d.created_at"),
            ("security_log", "SELECT at, kind, address, device FROM security_events WHERE (subject_id = \(id) OR actor_id = \(id)) AND school_id = \(school) ORDER BY at"),
            ("live_class_joins", "SELECT c.subject, j.planned_date, j.role, j.joined_at FROM course_joins j JOIN weekly_courses c ON c.id = j.course_id WHERE j.user_id = \(id) AND j.school_id = \(school) ORDER BY j.joined_at"),
            ("attendance", "SELECT c.subject, m.planned_date, m.status, m.minutes, m.remark, m.recorded_at FROM attendance_marks m JOIN weekly_courses c ON c.id = m.course_id WHERE m.pupil_id = \(id) AND m.school_id = \(school) AND m.status <> 'present' ORDER BY m.planned_date, m.recorded_at"),
            ("connection_attempts", "SELECT at, kind FROM presence_attempts WHERE user_id = \(id) AND school_id = \(school) ORDER BY at"),
            ("justifications", "SELECT j.from_date, j.to_date, r.label AS reason, j.comment, j.proof_name, j.state, j.submitted_at, j.decided_at, j.decision_note FROM justifications j JOIN absence_reasons r ON r.id = j.reason_id WHERE (j.pupil_id = \(id) OR j.submitted_by = \(id)) AND j.school_id = \(school) ORDER BY j.submitted_at"),
            ("messages_sent", "SELECT t.subject, m.body, m.sent_at, m.recalled_at, (SELECT count(*) FROM message_recipients r WHERE r.message_id = m.id) AS recipients FROM messages m JOIN message_threads t ON t.id = m.thread_id WHERE m.author_id = \(id) AND m.school_id = \(school) ORDER BY m.sent_at"),
            ("messages_received", "SELECT t.subject, u.first_name || ' ' || u.last_name AS author, CASE WHEN m.recalled_at IS NULL THEN m.body ELSE '' END AS body, m.sent_at, r.read_at FROM message_recipients r JOIN messages m ON m.id = r.message_id JOIN message_threads t ON t.id = m.thread_id JOIN users u ON u.id = m.author_id WHERE r.recipient_id = \(id) AND r.school_id = \(school) ORDER BY m.sent_at"),
            ("notification_settings", "SELECT email, email_mode, quiet_from, quiet_to, quiet_weekends, updated_at FROM notification_settings WHERE user_id = \(id) AND school_id = \(school)"),
            ("announcement_acknowledgements", "SELECT a.title, k.at FROM announcement_acks k JOIN announcements a ON a.id = k.announcement_id WHERE (k.user_id = \(id) OR k.pupil_id = \(id)) AND k.school_id = \(school) ORDER BY k.at"),
            ("message_reports", "SELECT p.reported_at, p.note FROM message_reports p WHERE p.reporter_id = \(id) AND p.school_id = \(school) ORDER BY p.reported_at"),
        ]
    }

    public func personalData(of userID: User.ID, in schoolID: School.ID) async throws -> PersonalData? {
        try await database.read { connection in
            var sections: [PersonalData.Section] = []
            for (name, query) in Self.queries(userID, schoolID) {
                let rows = try await connection.query(query)
                if name == "account" && rows.isEmpty { return nil }
                sections.append(.init(name: name, rows: rows.map { row in zip(row.columns.names, row.values).map { ($0, $1) } }))
            }
            var files: [PersonalData.File] = []
            for row in try await connection.query(
                "SELECT f.name, f.blob_key FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE s.pupil_id = \(userID) AND s.school_id = \(schoolID)")
            {
                files.append(.init(folder: "work", name: try row.decode("name"), key: try row.decode("blob_key")))
            }
            for row in try await connection.query(
                "SELECT name, blob_key FROM documents WHERE uploaded_by = \(userID) AND school_id = \(schoolID)")
            {
                files.append(.init(folder: "documents", name: try row.decode("name"), key: try row.decode("blob_key")))
            }
            return PersonalData(sections: sections, files: files)
        }
    }
}
