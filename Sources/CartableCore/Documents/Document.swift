import Foundation

/// A file a teacher shares with a class: in one of the class's folders, or attached to a notebook entry.
public struct Document: Hashable, Sendable {
    /// The document's identifier.
    public typealias ID = Identifier<Document>

    /// The identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The class it is shared with.
    public var classID: SchoolClass.ID
    /// The entry it is attached to, if any.
    public var entryID: NotebookEntry.ID?
    /// The folder in the class's documents ("" for the top).
    public var folder: String
    /// The stored content.
    public var file: StoredFile
    /// Who added it.
    public var uploadedBy: User.ID
    /// When.
    public var createdAt: Date

    /// Creates a document.
    public init(
        id: ID, schoolID: School.ID, classID: SchoolClass.ID, entryID: NotebookEntry.ID?, folder: String, file: StoredFile, uploadedBy: User.ID,
        createdAt: Date
    ) {
        self.id = id
        self.schoolID = schoolID
        self.classID = classID
        self.entryID = entryID
        self.folder = folder
        self.file = file
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
    }

    /// Limits.
    public enum Limits {
        /// Longest folder name.
        public static let folder = 80
    }

    /// A cleaned folder name ("" for none), or a problem.
    public static func folder(from raw: String?) throws(ValidationError) -> String {
        let folder = TextRules.clean(raw).replacingOccurrences(of: "/", with: "-")
        guard folder.count <= Limits.folder else { throw ValidationError([FieldIssue(field: "folder", problem: .tooLong(max: Limits.folder))]) }
        return folder
    }
}

/// Limits on uploaded files, set per node.
public struct UploadLimits: Sendable, Hashable {
    /// Largest single file, in bytes.
    public var fileSize: Int64
    /// Largest total of a pupil's files on one submission, in bytes.
    public var submissionSize: Int64

    /// Creates limits (defaults: 20 MB a file, 50 MB a submission).
    public init(fileSize: Int64 = 20 * 1024 * 1024, submissionSize: Int64 = 50 * 1024 * 1024) {
        self.fileSize = fileSize
        self.submissionSize = submissionSize
    }
}
