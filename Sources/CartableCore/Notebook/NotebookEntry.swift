import Foundation

/// A line of the class's homework notebook (cahier de textes): what was done in a session and
/// the work to do for a later day.
public struct NotebookEntry: Hashable, Sendable {
    /// The entry's identifier.
    public typealias ID = Identifier<NotebookEntry>

    /// The identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The class or group the entry was written for.
    public var classID: SchoolClass.ID
    /// The teacher who wrote it.
    public var teacherID: User.ID
    /// What the entry says.
    public var content: EntryContent
    /// When it was first written.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
    /// The teacher's name, for display ("M. Martin").
    public var teacherName: String
    /// The class's name, for display ("4e B").
    public var className: String

    /// Creates an entry.
    public init(
        id: ID, schoolID: School.ID, classID: SchoolClass.ID, teacherID: User.ID, content: EntryContent, createdAt: Date,
        updatedAt: Date, teacherName: String = "", className: String = ""
    ) {
        self.id = id
        self.schoolID = schoolID
        self.classID = classID
        self.teacherID = teacherID
        self.content = content
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.teacherName = teacherName
        self.className = className
    }
}

/// The words of a notebook entry, checked and cleaned. Only ``EntryInput/validated(today:)`` makes one from input.
public struct EntryContent: Hashable, Sendable, Codable {
    /// The subject ("Mathématiques").
    public var subject: String
    /// The day of the session the entry belongs to.
    public var sessionDate: LocalDate
    /// What was done in the session (may be empty if the entry only sets work).
    public var done: String
    /// The work to do (may be empty if nothing is set).
    public var work: String
    /// When the work is due; present exactly when there is work.
    public var dueDate: LocalDate?
    /// How long the work should take, in minutes.
    public var estimatedMinutes: Int?
    /// Links to follow (exercises, videos, the live class).
    public var links: [EntryLink]

    /// Creates content. Prefer ``EntryInput/validated(today:)`` for anything that comes from a person.
    public init(
        subject: String, sessionDate: LocalDate, done: String, work: String, dueDate: LocalDate?, estimatedMinutes: Int?,
        links: [EntryLink]
    ) {
        self.subject = subject
        self.sessionDate = sessionDate
        self.done = done
        self.work = work
        self.dueDate = dueDate
        self.estimatedMinutes = estimatedMinutes
        self.links = links
    }

    /// Whether the entry sets work to do.
    public var hasWork: Bool { !work.isEmpty }
}

/// A link in an entry.
public struct EntryLink: Hashable, Sendable, Codable {
    /// What the link is ("Exercices p. 42").
    public var title: String
    /// The web address (http or https).
    public var url: String

    /// Creates a link.
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}
