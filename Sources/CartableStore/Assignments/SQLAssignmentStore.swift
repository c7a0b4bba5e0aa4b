import CartableCore
import Foundation

/// ``AssignmentStore`` on SQLite or PostgreSQL.
public struct SQLAssignmentStore: AssignmentStore {
    let database: any SQLDatabase
    let versions: ContentVersions
    /// Assignments read by draft saves and work pages, checked against their class's version.
    let cache = AssignmentCache()
    /// Usual draft saves, many per statement.
    let drafts: DraftBatcher

    /// Creates the store.
    public init(database: any SQLDatabase, versions: ContentVersions = ContentVersions()) {
        self.database = database
        self.versions = versions
        self.drafts = DraftBatcher(database: database)
    }

    /// Runs a write that changes the content of `scopes` (bumped in the same transaction, recorded after the commit).
    private func write<Result: Sendable>(
        changing scopes: @escaping @Sendable (Result) -> Set<String>, schoolID: School.ID, at instant: Date,
        _ body: @escaping @Sendable (any SQLConnection) async throws -> Result
    ) async throws -> Result {
        let (result, bumped) = try await database.write { connection in
            let result = try await body(connection)
            let bumped = try await ContentVersions.bump(scopes(result), schoolID: schoolID, at: instant, on: connection)
            return (result, bumped)
        }
        versions.recordBumped(bumped, at: instant)
        return result
    }

    static let selectAssignment = """
        SELECT a.id, a.school_id, a.entry_id, a.class_id, a.teacher_id, a.instructions, a.due_date, a.due_minutes, a.due_at,
               a.answer_kinds, a.allows_late, a.created_at, a.updated_at, e.subject, c.name AS class_name
        FROM assignments a JOIN notebook_entries e ON e.id = a.entry_id JOIN classes c ON c.id = a.class_id
        """

    static func assignment(from row: SQLRow) throws -> Assignment {
        let kinds: String = try row.decode("answer_kinds")
        let settings = AssignmentSettings(
            instructions: try row.decode("instructions"), dueDate: try row.decode("due_date"), dueMinutes: try row.decode("due_minutes"),
            dueAt: try row.decode("due_at"), answerKinds: Assignment.AnswerKinds(rawValue: kinds) ?? .both,
            allowsLate: try row.decode("allows_late"))
        return Assignment(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), entryID: try row.decode("entry_id"),
            classID: try row.decode("class_id"), teacherID: try row.decode("teacher_id"), subject: try row.decode("subject"),
            settings: settings, createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"),
            className: try row.decode("class_name"))
    }

    static let selectSubmission = """
        SELECT id, school_id, assignment_id, pupil_id, text, revision, saved_at, hand_in_id, handed_in_at, is_late, feedback, mark,
               returned_at
        FROM submissions
        """

    static func submission(from row: SQLRow) throws -> Submission {
        let handInID: String? = try row.decode("hand_in_id")
        return Submission(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), assignmentID: try row.decode("assignment_id"),
            pupilID: try row.decode("pupil_id"), text: try row.decode("text"), revision: try row.decode("revision"),
            savedAt: try row.decode("saved_at"), handInID: handInID.flatMap(UUID.init(uuidString:)), handedInAt: try row.decode("handed_in_at"),
            isLate: try row.decode("is_late"), feedback: try row.decode("feedback"), mark: try row.decode("mark"),
            returnedAt: try row.decode("returned_at"))
    }

    static func file(from row: SQLRow) throws -> SubmissionFile {
        let kind: String = try row.decode("kind")
        return SubmissionFile(
            id: try row.decode("id"),
            blob: StoredFile(
                key: try row.decode("blob_key"), name: try row.decode("name"), kind: FileKind(rawValue: kind) ?? .zip, size: try row.decode("size")))
    }

    public func setAssignment(_ assignment: Assignment) async throws -> Assignment {
        let settings = assignment.settings
        let scope = ContentVersions.scope(of: assignment.classID)
        return try await write(changing: { _ in [scope] }, schoolID: assignment.schoolID, at: assignment.updatedAt) { connection in
            try await connection.execute(
                """
                INSERT INTO assignments (id, school_id, entry_id, class_id, teacher_id, instructions, due_date, due_minutes, due_at,
                    answer_kinds, allows_late, created_at, updated_at)
                VALUES (\(assignment.id), \(assignment.schoolID), \(assignment.entryID), \(assignment.classID), \(assignment.teacherID),
                    \(settings.instructions), \(settings.dueDate), \(settings.dueMinutes), \(settings.dueAt), \(settings.answerKinds.rawValue),
                    \(settings.allowsLate), \(assignment.createdAt), \(assignment.updatedAt))
                ON CONFLICT (entry_id) DO UPDATE SET instructions = excluded.instructions, due_date = excluded.due_date,
                    due_minutes = excluded.due_minutes, due_at = excluded.due_at, answer_kinds = excluded.answer_kinds,
                    allows_late = excluded.allows_late, updated_at = excluded.updated_at
                """)
            guard
                let stored = try await connection.query(
                    "\(raw: Self.selectAssignment) WHERE a.entry_id = \(assignment.entryID) AND a.school_id = \(assignment.schoolID)"
                ).first
            else { throw NotFound() }
            return try Self.assignment(from: stored)
        }
    }

    public func assignment(_ id: Assignment.ID, in schoolID: School.ID) async throws -> Assignment? {
        if let cached = cache.assignment(id, in: schoolID, versions: versions) { return cached }
        let version = cache.versionBeforeReading(id, versions: versions)
        let found = try await database.query("\(raw: Self.selectAssignment) WHERE a.id = \(id) AND a.school_id = \(schoolID)").first
            .map(Self.assignment(from:))
        cache.record(id, found: found, versionBefore: version)
        return found
    }

    public func assignments(forEntries entryIDs: Set<NotebookEntry.ID>, in schoolID: School.ID) async throws -> [NotebookEntry.ID: Assignment] {
        guard !entryIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            "\(raw: Self.selectAssignment) WHERE a.school_id = \(schoolID) AND a.entry_id IN (\(list: entryIDs.sorted()))")
        var result: [NotebookEntry.ID: Assignment] = [:]
        for row in rows {
            let assignment = try Self.assignment(from: row)
            result[assignment.entryID] = assignment
        }
        return result
    }

    public func submission(of pupilID: User.ID, to assignmentID: Assignment.ID, in schoolID: School.ID) async throws -> Submission? {
        try await database.read { connection in
            try await Self.submission(of: pupilID, to: assignmentID, in: schoolID, on: connection)
        }
    }

    static func submission(of pupilID: User.ID, to assignmentID: Assignment.ID, in schoolID: School.ID, on connection: any SQLConnection)
        async throws -> Submission?
    {
        guard
            let row = try await connection.query(
                "\(raw: selectSubmission) WHERE assignment_id = \(assignmentID) AND pupil_id = \(pupilID) AND school_id = \(schoolID)"
            ).first
        else { return nil }
        var submission = try Self.submission(from: row)
        submission.files = try await connection.query(
            "SELECT id, blob_key, name, kind, size FROM submission_files WHERE submission_id = \(submission.id) ORDER BY created_at, id"
        ).map(Self.file(from:))
        return submission
    }

    public func submissions(to assignmentID: Assignment.ID, in schoolID: School.ID) async throws -> [Submission] {
        try await database.read { connection in
            var submissions = try await connection.query(
                "\(raw: Self.selectSubmission) WHERE assignment_id = \(assignmentID) AND school_id = \(schoolID)"
            ).map(Self.submission(from:))
            let files = try await connection.query(
                """
                SELECT f.id, f.submission_id, f.blob_key, f.name, f.kind, f.size FROM submission_files f
                JOIN submissions s ON s.id = f.submission_id
                WHERE s.assignment_id = \(assignmentID) AND s.school_id = \(schoolID) ORDER BY f.created_at, f.id
                """)
            var bySubmission: [Submission.ID: [SubmissionFile]] = [:]
            for row in files { bySubmission[try row.decode("submission_id"), default: []].append(try Self.file(from: row)) }
            for index in submissions.indices { submissions[index].files = bySubmission[submissions[index].id] ?? [] }
            return submissions
        }
    }

    public func submissions(of pupilID: User.ID, to assignmentIDs: Set<Assignment.ID>, in schoolID: School.ID) async throws
        -> [Assignment.ID: Submission]
    {
        guard !assignmentIDs.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            \(raw: Self.selectSubmission)
            WHERE pupil_id = \(pupilID) AND school_id = \(schoolID) AND assignment_id IN (\(list: assignmentIDs.sorted()))
            """)
        var result: [Assignment.ID: Submission] = [:]
        for row in rows {
            let submission = try Self.submission(from: row)
            result[submission.assignmentID] = submission
        }
        return result
    }

    /// Makes sure the pupil's row exists (an empty draft at revision 0), so every later write is an UPDATE.
    /// Returns whether the row was created now (the pupil's work changes state: not started → draft).
    @discardableResult
    private static func ensureRow(
        of pupilID: User.ID, to assignment: Assignment, newID: Submission.ID, at instant: Date, on connection: any SQLConnection
    ) async throws -> Bool {
        !(try await connection.query(
            """
            INSERT INTO submissions (id, school_id, assignment_id, pupil_id, text, revision, saved_at, is_late, feedback)
            VALUES (\(newID), \(assignment.schoolID), \(assignment.id), \(pupilID), '', 0, \(instant), \(false), '')
            ON CONFLICT (assignment_id, pupil_id) DO NOTHING RETURNING id
            """)).isEmpty
    }

    /// Applies a draft if its revision is newer and the work is not handed in; `true` if it was applied.
    private static func applyDraft(
        of pupilID: User.ID, to assignment: Assignment, text: String, revision: Int64, at instant: Date, on connection: any SQLConnection
    ) async throws -> Bool {
        let updated = try await connection.query(
            """
            UPDATE submissions SET text = \(text), revision = \(revision), saved_at = \(instant)
            WHERE assignment_id = \(assignment.id) AND pupil_id = \(pupilID) AND school_id = \(assignment.schoolID)
              AND revision < \(revision) AND handed_in_at IS NULL
            RETURNING id
            """)
        return !updated.isEmpty
    }

    private static func load(of pupilID: User.ID, to assignment: Assignment, on connection: any SQLConnection) async throws -> Submission {
        guard let submission = try await submission(of: pupilID, to: assignment.id, in: assignment.schoolID, on: connection) else {
            throw NotFound()
        }
        return submission
    }

    /// One statement on the usual path: insert the pupil's row, or update it if this revision is newer
    /// and the work not handed in, returning the row. The returned submission carries no files.
    public func saveDraft(
        of pupilID: User.ID, to assignment: Assignment, text: String, revision: Int64, newID: Submission.ID, at instant: Date
    ) async throws -> Submission {
        // The usual save (a pupil typing): the row exists and this revision is newer. One statement, no
        // transaction around it, and nothing else changes (the work was already a draft); the saves
        // arriving together share that statement.
        if let row = await drafts.apply(
            DraftBatcher.Save(assignmentID: assignment.id, pupilID: pupilID, text: text, revision: revision, savedAt: instant))
        {
            return try Self.submission(from: row)
        }
        // The first save, a repeat, an older revision or handed-in work.
        let scope = ContentVersions.scope(ofPupil: pupilID)
        return try await write(changing: { $0.isNew ? [scope] : [] }, schoolID: assignment.schoolID, at: instant) { connection in
            let saved = try await connection.query(
                """
                INSERT INTO submissions (id, school_id, assignment_id, pupil_id, text, revision, saved_at, is_late, feedback)
                VALUES (\(newID), \(assignment.schoolID), \(assignment.id), \(pupilID), \(text), \(revision), \(instant), \(false), '')
                ON CONFLICT (assignment_id, pupil_id) DO UPDATE SET text = excluded.text, revision = excluded.revision,
                    saved_at = excluded.saved_at
                WHERE submissions.revision < excluded.revision AND submissions.handed_in_at IS NULL
                RETURNING id, school_id, assignment_id, pupil_id, text, revision, saved_at, hand_in_id, handed_in_at, is_late, feedback,
                    mark, returned_at
                """)
            if let row = saved.first {
                let submission = try Self.submission(from: row)
                return Created(submission: submission, isNew: submission.id == newID)
            }
            // Not applied: handed in, the same save again, or an older revision.
            let stored = try await Self.load(of: pupilID, to: assignment, on: connection)
            if stored.isHandedIn { throw Conflict(.alreadyHandedIn) }
            if stored.revision == revision && stored.text == text { return Created(submission: stored, isNew: false) }
            throw Conflict(.staleRevision(current: stored.revision))
        }.submission
    }

    public func addFile(
        _ file: SubmissionFile, of pupilID: User.ID, to assignment: Assignment, limits: UploadLimits, newID: Submission.ID, at instant: Date
    ) async throws -> Submission {
        let scope = ContentVersions.scope(ofPupil: pupilID)
        return try await write(changing: { $0.isNew ? [scope] : [] }, schoolID: assignment.schoolID, at: instant) { connection in
            let isNew = try await Self.ensureRow(of: pupilID, to: assignment, newID: newID, at: instant, on: connection)
            let stored = try await Self.load(of: pupilID, to: assignment, on: connection)
            if stored.isHandedIn { throw Conflict(.alreadyHandedIn) }
            if stored.files.count >= Submission.Limits.files {
                throw ValidationError([FieldIssue(field: "file", problem: .tooMany(max: Submission.Limits.files))])
            }
            if stored.filesSize + file.size > limits.submissionSize {
                throw ValidationError([FieldIssue(field: "file", problem: .filesTooLarge(max: limits.submissionSize))])
            }
            try await connection.execute(
                """
                INSERT INTO submission_files (id, school_id, submission_id, blob_key, name, kind, size, created_at)
                VALUES (\(file.id), \(assignment.schoolID), \(stored.id), \(file.blob.key), \(file.blob.name), \(file.blob.kind.rawValue),
                    \(file.blob.size), \(instant))
                """)
            try await connection.execute("UPDATE submissions SET saved_at = \(instant) WHERE id = \(stored.id)")
            return Created(submission: try await Self.load(of: pupilID, to: assignment, on: connection), isNew: isNew)
        }.submission
    }

    public func removeFile(_ fileID: SubmissionFile.ID, of pupilID: User.ID, to assignment: Assignment, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            guard let stored = try await Self.submission(of: pupilID, to: assignment.id, in: assignment.schoolID, on: connection),
                stored.files.contains(where: { $0.id == fileID })
            else { return false }
            if stored.isHandedIn { throw Conflict(.alreadyHandedIn) }
            try await connection.execute("DELETE FROM submission_files WHERE id = \(fileID) AND submission_id = \(stored.id)")
            return true
        }
    }

    public func handIn(
        of pupilID: User.ID, to assignment: Assignment, handInID: UUID, draft: (text: String, revision: Int64)?, isLate: Bool,
        newID: Submission.ID, at instant: Date
    ) async throws -> Submission {
        let handInText = handInID.uuidString.lowercased()
        let scope = ContentVersions.scope(ofPupil: pupilID)
        return try await write(changing: { _ in [scope] }, schoolID: assignment.schoolID, at: instant) { connection in
            try await Self.ensureRow(of: pupilID, to: assignment, newID: newID, at: instant, on: connection)
            let before = try await Self.load(of: pupilID, to: assignment, on: connection)
            if before.isHandedIn {
                if before.handInID == handInID { return before }
                throw Conflict(.alreadyHandedIn)
            }
            if let draft {
                _ = try await Self.applyDraft(
                    of: pupilID, to: assignment, text: draft.text, revision: draft.revision, at: instant, on: connection)
            }
            let current = try await Self.load(of: pupilID, to: assignment, on: connection)
            let kinds = assignment.settings.answerKinds
            let hasText = kinds.acceptsText && !current.text.trimmingWhitespace().isEmpty
            let hasFiles = kinds.acceptsFiles && !current.files.isEmpty
            guard hasText || hasFiles else { throw ValidationError([FieldIssue(field: "text", problem: .nothingToHandIn)]) }
            let updated = try await connection.query(
                """
                UPDATE submissions SET handed_in_at = \(instant), hand_in_id = \(handInText), is_late = \(isLate)
                WHERE id = \(current.id) AND handed_in_at IS NULL RETURNING id
                """)
            guard !updated.isEmpty else { throw Conflict(.alreadyHandedIn) }
            return try await Self.load(of: pupilID, to: assignment, on: connection)
        }
    }

    public func returnSubmission(
        of pupilID: User.ID, to assignment: Assignment, feedback: String, mark: String?, at instant: Date
    ) async throws -> Submission {
        let scope = ContentVersions.scope(ofPupil: pupilID)
        return try await write(changing: { _ in [scope] }, schoolID: assignment.schoolID, at: instant) { connection in
            let updated = try await connection.query(
                """
                UPDATE submissions SET feedback = \(feedback), mark = \(mark), returned_at = \(instant)
                WHERE assignment_id = \(assignment.id) AND pupil_id = \(pupilID) AND school_id = \(assignment.schoolID)
                  AND handed_in_at IS NOT NULL
                RETURNING id
                """)
            guard !updated.isEmpty else { throw Conflict(.notHandedIn) }
            return try await Self.load(of: pupilID, to: assignment, on: connection)
        }
    }

    public func submissionFile(_ id: SubmissionFile.ID, in schoolID: School.ID) async throws
        -> (file: SubmissionFile, assignmentID: Assignment.ID, pupilID: User.ID, isHandedIn: Bool)?
    {
        guard
            let row = try await database.query(
                """
                SELECT f.id, f.blob_key, f.name, f.kind, f.size, s.assignment_id, s.pupil_id,
                  CASE WHEN s.handed_in_at IS NULL THEN 0 ELSE 1 END AS is_handed_in FROM submission_files f
                JOIN submissions s ON s.id = f.submission_id WHERE f.id = \(id) AND f.school_id = \(schoolID)
                """
            ).first
        else { return nil }
        return (try Self.file(from: row), try row.decode("assignment_id"), try row.decode("pupil_id"), try row.decode("is_handed_in", as: Int.self) != 0)
    }

    /// A submission, and whether its row was created by this write.
    struct Created: Sendable {
        var submission: Submission
        var isNew: Bool
    }
}
