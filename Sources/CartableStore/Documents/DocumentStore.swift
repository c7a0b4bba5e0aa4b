import CartableCore
import Foundation

/// Documents shared with classes.
public protocol DocumentStore: Sendable {
    /// Stores a new document.
    func addDocument(_ document: Document) async throws
    /// The document `id` if it belongs to `schoolID`.
    func document(_ id: Document.ID, in schoolID: School.ID) async throws -> Document?
    /// A class's documents, by folder then name.
    func documents(ofClass classID: SchoolClass.ID, in schoolID: School.ID) async throws -> [Document]
    /// The documents attached to the given entries.
    func documents(ofEntries entryIDs: Set<NotebookEntry.ID>, in schoolID: School.ID) async throws -> [Document]
    /// Deletes a document at `instant` (when its class's content changed); `false` if there is none.
    func deleteDocument(_ id: Document.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
}

/// ``DocumentStore`` on SQLite or PostgreSQL.
public struct SQLDocumentStore: DocumentStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// Creates the store.
    public init(database: any SQLDatabase, versions: ContentVersions = ContentVersions()) {
        self.database = database
        self.versions = versions
    }

    static let select = "SELECT id, school_id, class_id, entry_id, folder, blob_key, name, kind, size, uploaded_by, created_at FROM documents"

    static func document(from row: SQLRow) throws -> Document {
        let kind: String = try row.decode("kind")
        return Document(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), classID: try row.decode("class_id"),
            entryID: try row.decode("entry_id"), folder: try row.decode("folder"),
            file: StoredFile(
                key: try row.decode("blob_key"), name: try row.decode("name"), kind: FileKind(rawValue: kind) ?? .zip, size: try row.decode("size")),
            uploadedBy: try row.decode("uploaded_by"), createdAt: try row.decode("created_at"))
    }

    public func addDocument(_ document: Document) async throws {
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO documents (id, school_id, class_id, entry_id, folder, blob_key, name, kind, size, uploaded_by, created_at)
                VALUES (\(document.id), \(document.schoolID), \(document.classID), \(document.entryID), \(document.folder), \(document.file.key),
                    \(document.file.name), \(document.file.kind.rawValue), \(document.file.size), \(document.uploadedBy), \(document.createdAt))
                """)
            return try await ContentVersions.bump(
                [ContentVersions.scope(of: document.classID)], schoolID: document.schoolID, at: document.createdAt, on: connection)
        }
        versions.recordBumped(bumped, at: document.createdAt)
    }

    public func document(_ id: Document.ID, in schoolID: School.ID) async throws -> Document? {
        try await database.query("\(raw: Self.select) WHERE id = \(id) AND school_id = \(schoolID)").first.map(Self.document(from:))
    }

    public func documents(ofClass classID: SchoolClass.ID, in schoolID: School.ID) async throws -> [Document] {
        try await database.query(
            "\(raw: Self.select) WHERE class_id = \(classID) AND school_id = \(schoolID) ORDER BY folder, name, created_at, id"
        ).map(Self.document(from:))
    }

    public func documents(ofEntries entryIDs: Set<NotebookEntry.ID>, in schoolID: School.ID) async throws -> [Document] {
        guard !entryIDs.isEmpty else { return [] }
        return try await database.query(
            "\(raw: Self.select) WHERE school_id = \(schoolID) AND entry_id IN (\(list: entryIDs.sorted())) ORDER BY name, created_at, id"
        ).map(Self.document(from:))
    }

    public func deleteDocument(_ id: Document.ID, in schoolID: School.ID, at now: Date) async throws -> Bool {
        let bumped: [(String, Int64)]? = try await database.write { connection in
            guard
                let classID: SchoolClass.ID = try await connection.query(
                    "DELETE FROM documents WHERE id = \(id) AND school_id = \(schoolID) RETURNING class_id"
                ).first?.decode("class_id")
            else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(of: classID)], schoolID: schoolID, at: now, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: now)
        return true
    }
}
