import Foundation

/// A change to one occurrence of a weekly course: cancelled, moved, another room, or a replacement teacher.
///
/// It is always a change *of that course on that day*, so that people see "salle B12 au lieu de A03" or
/// "déplacé à 14:00", never a cancelled course and a new one. At most one per course and day.
public struct CourseChange: Hashable, Sendable, Codable {
    /// The course changed.
    public var courseID: WeeklyCourse.ID
    /// The school.
    public var schoolID: School.ID
    /// The day the occurrence was planned on (its key, even when it is moved to another day).
    public var date: LocalDate
    /// Whether the occurrence does not take place.
    public var isCancelled: Bool
    /// Its new day, if moved to another day.
    public var movedToDate: LocalDate?
    /// Its new start, if moved.
    public var start: TimeOfDay?
    /// Its new end, if moved.
    public var end: TimeOfDay?
    /// Its room, if another one.
    public var room: String?
    /// Who teaches it instead, if someone else does.
    public var teacherIDs: [User.ID]?
    /// A word for the pupils ("Prof absent", "sortie au musée"), empty if none.
    public var note: String
    /// When it was last changed.
    public var updatedAt: Date

    /// Creates a change.
    public init(
        courseID: WeeklyCourse.ID, schoolID: School.ID, date: LocalDate, isCancelled: Bool = false, movedToDate: LocalDate? = nil,
        start: TimeOfDay? = nil, end: TimeOfDay? = nil, room: String? = nil, teacherIDs: [User.ID]? = nil, note: String = "",
        updatedAt: Date
    ) {
        self.courseID = courseID
        self.schoolID = schoolID
        self.date = date
        self.isCancelled = isCancelled
        self.movedToDate = movedToDate
        self.start = start
        self.end = end
        self.room = room
        self.teacherIDs = teacherIDs
        self.note = note
        self.updatedAt = updatedAt
    }
}
