/// One dated course as people see it: the weekly course on one day, with its one-off change applied.
public struct CourseOccurrence: Hashable, Sendable {
    /// The weekly course.
    public var course: WeeklyCourse
    /// The day the course was planned on: with the course, the occurrence's key (a roll, a live class, a join).
    public var plannedDate: LocalDate
    /// The day it happens on (another day if moved).
    public var date: LocalDate
    /// When it starts.
    public var start: TimeOfDay
    /// When it ends.
    public var end: TimeOfDay
    /// Its room ("" when none).
    public var room: String
    /// Who teaches it.
    public var teacherIDs: [User.ID]
    /// The change made to it, if any.
    public var change: CourseChange?

    /// Creates an occurrence of `course` planned on `date`, with `change` applied.
    public init(course: WeeklyCourse, plannedDate date: LocalDate, change: CourseChange?) {
        self.course = course
        self.plannedDate = date
        self.change = change
        self.date = change?.movedToDate ?? date
        self.start = change?.start ?? course.start
        self.end = change?.end ?? course.end
        self.room = change?.room ?? course.room
        self.teacherIDs = change?.teacherIDs ?? course.teacherIDs
    }

    /// Whether it does not take place.
    public var isCancelled: Bool { change?.isCancelled ?? false }
    /// Whether it happens at another day or time than planned.
    public var isMoved: Bool { !isCancelled && (date != plannedDate || start != course.start || end != course.end) }
    /// Whether it is in another room than planned.
    public var isRoomChanged: Bool { !isCancelled && room != course.room }
    /// Whether someone else teaches it.
    public var isReplaced: Bool { !isCancelled && teacherIDs != course.teacherIDs }
    /// Whether it differs in any way from the weekly timetable (an extra course counts).
    public var isChanged: Bool { isCancelled || isMoved || isRoomChanged || isReplaced || course.isExtra || !(change?.note.isEmpty ?? true) }
}
