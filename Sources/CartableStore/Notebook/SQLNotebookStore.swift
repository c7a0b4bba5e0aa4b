import CartableCore
import Foundation

/// ``NotebookStore`` on SQLite or PostgreSQL. Links are kept as a small JSON array in one column.
public struct SQLNotebookStore: NotebookStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// Creates the store.
    public init(database: any SQLDatabase, versions: ContentVersions = ContentVersions()) {
        self.database = database
        self.versions = versions
    }

    static let select = """
        SELECT e.id, e.school_id, e.class_id, e.teacher_id, e.subject, e.session_date, e.done, e.work, e.due_date,
               e.estimated_minutes, e.links, e.created_at, e.updated_at, u.first_name, u.last_name, c.name AS class_name
        FROM notebook_entries e JOIN users u ON u.id = e.teacher_id JOIN classes c ON c.id = e.class_id
        """

    static func entry(from row: SQLRow) throws -> NotebookEntry {
        let linksJSON: String = try row.decode("links")
        let links = (try? JSONDecoder().decode([EntryLink].self, from: Data(linksJSON.utf8))) ?? []
        let firstName: String = try row.decode("first_name")
        let lastName: String = try row.decode("last_name")
        let content = EntryContent(
            subject: try row.decode("subject"), sessionDate: try row.decode("session_date"), done: try row.decode("done"),
            work: try row.decode("work"), dueDate: try row.decode("due_date"), estimatedMinutes: try row.decode("estimated_minutes"),
            links: links)
        return NotebookEntry(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), classID: try row.decode("class_id"),
            teacherID: try row.decode("teacher_id"), content: content, createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at"), teacherName: "\(firstName) \(lastName)", className: try row.decode("class_name"))
    }

    static func linksJSON(_ links: [EntryLink]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(links), as: UTF8.self)) ?? "[]"
    }

    public func createEntries(_ entries: [NotebookEntry]) async throws {
        guard let first = entries.first else { return }
        let bumped = try await database.write { connection in
            try await BatchInsert.run(
                on: connection, table: "notebook_entries",
                columns: [
                    "id", "school_id", "class_id", "teacher_id", "subject", "session_date", "done", "work", "due_date", "estimated_minutes",
                    "links", "created_at", "updated_at",
                ],
                rows: entries
            ) { entry in
                let content = entry.content
                return [
                    entry.id.sqlValue, entry.schoolID.sqlValue, entry.classID.sqlValue, entry.teacherID.sqlValue, content.subject.sqlValue,
                    content.sessionDate.sqlValue, content.done.sqlValue, content.work.sqlValue, content.dueDate.sqlValue,
                    content.estimatedMinutes.sqlValue, Self.linksJSON(content.links).sqlValue, entry.createdAt.sqlValue,
                    entry.updatedAt.sqlValue,
                ]
            }
            return try await ContentVersions.bump(
                Set(entries.map { ContentVersions.scope(of: $0.classID) }), schoolID: first.schoolID, at: first.updatedAt, on: connection)
        }
        versions.recordBumped(bumped, at: first.updatedAt)
    }

    public func entry(_ id: NotebookEntry.ID, in schoolID: School.ID) async throws -> NotebookEntry? {
        try await database.query("\(raw: Self.select) WHERE e.id = \(id) AND e.school_id = \(schoolID)").first.map(Self.entry(from:))
    }

    public func updateEntry(_ id: NotebookEntry.ID, in schoolID: School.ID, content: EntryContent, at instant: Date) async throws
        -> NotebookEntry?
    {
        let result: (entry: NotebookEntry, bumped: [(String, Int64)])? = try await database.write { connection in
            let updated = try await connection.query(
                """
                UPDATE notebook_entries SET subject = \(content.subject), session_date = \(content.sessionDate), done = \(content.done),
                    work = \(content.work), due_date = \(content.dueDate), estimated_minutes = \(content.estimatedMinutes),
                    links = \(Self.linksJSON(content.links)), updated_at = \(instant)
                WHERE id = \(id) AND school_id = \(schoolID) RETURNING id
                """)
            guard !updated.isEmpty,
                let entry = try await connection.query("\(raw: Self.select) WHERE e.id = \(id) AND e.school_id = \(schoolID)")
                    .first.map(Self.entry(from:))
            else { return nil }
            let bumped = try await ContentVersions.bump([ContentVersions.scope(of: entry.classID)], schoolID: schoolID, at: instant, on: connection)
            return (entry, bumped)
        }
        guard let result else { return nil }
        versions.recordBumped(result.bumped, at: instant)
        return result.entry
    }

    public func deleteEntry(_ id: NotebookEntry.ID, in schoolID: School.ID, at now: Date) async throws -> Bool {
        let bumped: [(String, Int64)]? = try await database.write { connection in
            // Work pupils have started is never deleted with its entry.
            let started = try await connection.query(
                """
                SELECT s.id FROM submissions s JOIN assignments a ON a.id = s.assignment_id
                WHERE a.entry_id = \(id) AND a.school_id = \(schoolID) LIMIT 1
                """)
            guard started.isEmpty else { throw Conflict(.workStarted) }
            try await connection.execute("DELETE FROM assignments WHERE entry_id = \(id) AND school_id = \(schoolID)")
            guard
                let classID: SchoolClass.ID = try await connection.query(
                    "DELETE FROM notebook_entries WHERE id = \(id) AND school_id = \(schoolID) RETURNING class_id"
                ).first?.decode("class_id")
            else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(of: classID)], schoolID: schoolID, at: now, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: now)
        return true
    }

    public func latestSessionDate(in schoolID: School.ID) async throws -> LocalDate? {
        try await database.query("SELECT max(session_date) AS latest FROM notebook_entries WHERE school_id = \(schoolID)")
            .first?.decode("latest")
    }

    public func entries(of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, sessionDates: ClosedRange<LocalDate>) async throws
        -> [NotebookEntry]
    {
        try await entries(of: classIDs, in: schoolID, column: "session_date", range: sessionDates)
    }

    public func entries(of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, dueDates: ClosedRange<LocalDate>) async throws
        -> [NotebookEntry]
    {
        try await entries(of: classIDs, in: schoolID, column: "due_date", range: dueDates)
    }

    /// Entries of `classIDs` whose date `column` (a fixed name, never input) falls in `range`, ordered by that date.
    private func entries(of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, column: String, range: ClosedRange<LocalDate>)
        async throws -> [NotebookEntry]
    {
        guard !classIDs.isEmpty else { return [] }
        return try await database.query(
            """
            \(raw: Self.select)
            WHERE e.school_id = \(schoolID) AND e.class_id IN (\(list: classIDs.sorted()))
              AND e.\(raw: column) >= \(range.lowerBound) AND e.\(raw: column) <= \(range.upperBound)
            ORDER BY e.\(raw: column), e.subject, e.created_at, e.id
            """
        ).map(Self.entry(from:))
    }
}
