import CartableCore
import Foundation

/// Accounts disabled for longer than the school keeps them, and their purge.
///
/// Purging a person removes what is theirs: their work and its files, their classes, children or
/// parents, teachings, devices, two-step sign-in, and the security log's record of their own
/// sign-ins. What another person's record needs stays, without their name: a teacher's notebook
/// entries, assignments and documents remain the class's, and the account row stays as a nameless,
/// disabled stand-in (login `purged-…`, no password) so that those records still point somewhere.
public protocol AccountPurgeStore: Sendable {
    /// The number of days the school keeps a disabled account, if it set one.
    func retentionDays(of schoolID: School.ID) async throws -> Int?
    /// Sets the number of days the school keeps a disabled account.
    func setRetentionDays(_ days: Int, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws
    /// The accounts of `schoolID` disabled before `cutoff` and not purged yet, longest-disabled first, with what would go.
    func purgeCandidates(in schoolID: School.ID, disabledBefore cutoff: Date) async throws -> [PurgeCandidate]
    /// Purges those of `ids` that are still candidates (disabled before `cutoff`, in `schoolID`), in one
    /// transaction. Returns the accounts purged and the keys of files no record uses any more (for the
    /// caller to delete once the transaction has committed).
    func purge(_ ids: [User.ID], in schoolID: School.ID, disabledBefore cutoff: Date, at instant: Date) async throws -> PurgeResult
}

/// An account that may be purged, and what the purge removes or keeps.
public struct PurgeCandidate: Sendable, Hashable {
    public var user: User
    /// Since when it is disabled.
    public var disabledAt: Date
    /// Their submissions (drafts and work handed in), removed.
    public var submissions: Int
    /// Files of those submissions, removed.
    public var files: Int
    /// Notebook entries and documents they wrote for classes, kept without their name.
    public var keptRecords: Int
}

/// What a purge did.
public struct PurgeResult: Sendable, Hashable {
    /// The accounts purged (the stand-ins that remain carry the same ids).
    public var purged: [User.ID]
    /// Blob keys that no record refers to any more.
    public var unusedFiles: [String]
    public init(purged: [User.ID], unusedFiles: [String]) {
        self.purged = purged
        self.unusedFiles = unusedFiles
    }
}

/// ``AccountPurgeStore`` on SQLite or PostgreSQL.
public struct SQLAccountPurgeStore: AccountPurgeStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// Creates the store; purges bump the content versions of the classes and pupils they touch.
    public init(database: any SQLDatabase, versions: ContentVersions) {
        self.database = database
        self.versions = versions
    }

    public func retentionDays(of schoolID: School.ID) async throws -> Int? {
        try await database.query("SELECT disabled_account_days FROM retention_settings WHERE school_id = \(schoolID)").first?.first()
    }

    public func setRetentionDays(_ days: Int, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO retention_settings (school_id, disabled_account_days, updated_at, updated_by) VALUES (\(schoolID), \(days), \(instant), \(userID))
                ON CONFLICT (school_id) DO UPDATE SET disabled_account_days = excluded.disabled_account_days,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """)
        }
    }

    static func candidatesQuery(_ schoolID: School.ID, _ cutoff: Date) -> SQLQuery {
        """
        SELECT \(raw: SQLIdentityStore.userColumns), u.disabled_at,
               (SELECT count(*) FROM submissions s WHERE s.pupil_id = u.id) AS submissions,
               (SELECT count(*) FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE s.pupil_id = u.id) AS files,
               (SELECT count(*) FROM notebook_entries e WHERE e.teacher_id = u.id)
                 + (SELECT count(*) FROM documents d WHERE d.uploaded_by = u.id) AS kept_records
        FROM users u
        WHERE u.school_id = \(schoolID) AND u.is_disabled = 1 AND u.purged_at IS NULL AND u.disabled_at < \(cutoff)
        ORDER BY u.disabled_at, u.last_name, u.first_name, u.id
        """
    }

    public func purgeCandidates(in schoolID: School.ID, disabledBefore cutoff: Date) async throws -> [PurgeCandidate] {
        try await database.query(Self.candidatesQuery(schoolID, cutoff)).map { row in
            PurgeCandidate(
                user: try SQLIdentityStore.user(from: row), disabledAt: try row.decode("disabled_at"), submissions: try row.decode("submissions"),
                files: try row.decode("files"), keptRecords: try row.decode("kept_records"))
        }
    }

    public func purge(_ ids: [User.ID], in schoolID: School.ID, disabledBefore cutoff: Date, at instant: Date) async throws -> PurgeResult {
        let wanted = Set(ids)
        let (result, bumped) = try await database.write { connection -> (PurgeResult, [(String, Int64)]) in
            let candidates = try await connection.query(Self.candidatesQuery(schoolID, cutoff))
                .map { try SQLIdentityStore.user(from: $0) }.filter { wanted.contains($0.id) }
            var scopes: Set<String> = []
            var releasedFiles: Set<String> = []
            for user in candidates {
                let id = user.id
                // The classes whose pages show them: where they learn, teach, or wrote.
                for row in try await connection.query(
                    """
                    SELECT class_id FROM enrolments WHERE pupil_id = \(id)
                    UNION SELECT class_id FROM teachings WHERE teacher_id = \(id)
                    UNION SELECT class_id FROM notebook_entries WHERE teacher_id = \(id)
                    UNION SELECT class_id FROM documents WHERE uploaded_by = \(id)
                    """)
                {
                    scopes.insert(ContentVersions.scope(of: SchoolClass.ID(rawValue: try row.first())))
                }
                scopes.insert(ContentVersions.scope(ofPupil: id))
                for row in try await connection.query(
                    "SELECT f.blob_key FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE s.pupil_id = \(id)")
                {
                    releasedFiles.insert(try row.first())
                }
                try await connection.execute(
                    "DELETE FROM submission_files WHERE submission_id IN (SELECT id FROM submissions WHERE pupil_id = \(id))")
                try await connection.execute("DELETE FROM submissions WHERE pupil_id = \(id)")
                try await connection.execute("DELETE FROM enrolments WHERE pupil_id = \(id)")
                try await connection.execute("DELETE FROM guardianships WHERE guardian_id = \(id) OR pupil_id = \(id)")
                try await connection.execute("DELETE FROM teachings WHERE teacher_id = \(id)")
                try await connection.execute("DELETE FROM sessions WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM sign_in_challenges WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM recovery_codes WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM two_factor WHERE user_id = \(id)")
                // Their live-class joins and their attendance (an account is purged long after the year it covers).
                try await connection.execute("DELETE FROM course_joins WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM incident_lifts WHERE pupil_id = \(id)")
                try await connection.execute("DELETE FROM attendance_marks WHERE pupil_id = \(id)")
                for row in try await connection.query("SELECT proof_key FROM justifications WHERE pupil_id = \(id) AND proof_key IS NOT NULL") {
                    releasedFiles.insert(try row.first())
                }
                try await connection.execute("DELETE FROM justifications WHERE pupil_id = \(id)")
                try await connection.execute("DELETE FROM roll_reminders WHERE teacher_id = \(id)")
                try await connection.execute("DELETE FROM presence_attempts WHERE user_id = \(id)")
                // Their messages: what they wrote (its recipients' copies too), what they received, their boxes and reports.
                for row in try await connection.query(
                    "SELECT DISTINCT r.recipient_id FROM message_recipients r JOIN messages m ON m.id = r.message_id WHERE m.author_id = \(id)")
                {
                    scopes.insert(ContentVersions.scope(ofInbox: User.ID(rawValue: try row.first())))
                }
                for row in try await connection.query("SELECT attachment_key FROM messages WHERE author_id = \(id) AND attachment_key IS NOT NULL") {
                    releasedFiles.insert(try row.first())
                }
                try await connection.execute("DELETE FROM messages WHERE author_id = \(id)")
                try await connection.execute("DELETE FROM message_recipients WHERE recipient_id = \(id)")
                try await connection.execute("DELETE FROM message_boxes WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM message_reports WHERE reporter_id = \(id)")
                try await connection.execute("DELETE FROM messaging_suspensions WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM notification_settings WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM email_outbox WHERE user_id = \(id)")
                try await connection.execute("DELETE FROM announcement_acks WHERE user_id = \(id) OR pupil_id = \(id)")
                try await connection.execute("DELETE FROM message_threads WHERE school_id = \(schoolID) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = message_threads.id)")
                // Their own sign-ins (addresses, devices) go; what they did to others' accounts stays, unsigned.
                try await connection.execute("DELETE FROM security_events WHERE subject_id = \(id)")
                try await connection.execute("UPDATE security_events SET actor_id = NULL WHERE actor_id = \(id)")
                let standIn = "purged-\(id.rawValue)"
                try await connection.execute(
                    """
                    UPDATE users SET login = \(standIn), first_name = '', last_name = '', password_hash = '',
                        is_disabled = 1, purged_at = \(instant), updated_at = \(instant)
                    WHERE id = \(id) AND school_id = \(schoolID)
                    """)
            }
            var unusedFiles: [String] = []
            for key in releasedFiles.sorted() {
                let stillUsed = try await connection.query(
                    """
                    SELECT 1 FROM submission_files WHERE blob_key = \(key)
                    UNION ALL SELECT 1 FROM documents WHERE blob_key = \(key)
                    UNION ALL SELECT 1 FROM justifications WHERE proof_key = \(key)
                    UNION ALL SELECT 1 FROM messages WHERE attachment_key = \(key) LIMIT 1
                    """)
                if stillUsed.isEmpty { unusedFiles.append(key) }
            }
            let bumped = try await ContentVersions.bump(scopes, schoolID: schoolID, at: instant, on: connection)
            return (PurgeResult(purged: candidates.map(\.id), unusedFiles: unusedFiles), bumped)
        }
        versions.recordBumped(bumped, at: instant)
        return result
    }
}
