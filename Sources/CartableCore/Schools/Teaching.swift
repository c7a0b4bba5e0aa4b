/// A teacher teaches a subject to a class or a group. It is what lets them write that class's notebook.
public struct Teaching: Hashable, Sendable, Codable {
    /// The teacher.
    public var teacherID: User.ID
    /// The class or group taught.
    public var classID: SchoolClass.ID
    /// The subject ("Mathématiques").
    public var subject: String

    /// Creates a teaching.
    public init(teacherID: User.ID, classID: SchoolClass.ID, subject: String) {
        self.teacherID = teacherID
        self.classID = classID
        self.subject = subject
    }
}
