/// A course of the weekly timetable: a class or group, a subject, its teachers and room, at the same time
/// every week (or every other week) over a period.
///
/// An extra course (one that happens once) is a weekly course valid for one day, marked ``isExtra``.
public struct WeeklyCourse: Hashable, Sendable, Codable {
    /// The course's identifier.
    public typealias ID = Identifier<WeeklyCourse>

    /// Which weeks a course happens in.
    public enum Weeks: String, Hashable, Sendable, Codable, CaseIterable {
        /// Every week.
        case every
        /// Week A only.
        case weekA = "A"
        /// Week B only.
        case weekB = "B"
    }

    /// The identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The class or group that has the course.
    public var classID: SchoolClass.ID
    /// The subject ("Mathématiques").
    public var subject: String
    /// The teachers (usually one; two for a shared course), in the order given.
    public var teacherIDs: [User.ID]
    /// The room ("B12"), empty when none is set.
    public var room: String
    /// The weekday, 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// When it starts.
    public var start: TimeOfDay
    /// When it ends (after ``start``).
    public var end: TimeOfDay
    /// Every week, week A or week B.
    public var weeks: Weeks
    /// The first day it applies.
    public var validFrom: LocalDate
    /// The last day it applies, or `nil` until the end of the year.
    public var validUntil: LocalDate?
    /// Whether this is a one-off course added to the week (shown as such).
    public var isExtra: Bool

    /// Creates a course.
    public init(
        id: ID, schoolID: School.ID, classID: SchoolClass.ID, subject: String, teacherIDs: [User.ID], room: String, weekday: Int,
        start: TimeOfDay, end: TimeOfDay, weeks: Weeks = .every, validFrom: LocalDate, validUntil: LocalDate? = nil, isExtra: Bool = false
    ) {
        self.id = id
        self.schoolID = schoolID
        self.classID = classID
        self.subject = subject
        self.teacherIDs = teacherIDs
        self.room = room
        self.weekday = weekday
        self.start = start
        self.end = end
        self.weeks = weeks
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.isExtra = isExtra
    }

    /// Whether the course is planned on `date` in `year` (before any one-off change).
    public func isPlanned(on date: LocalDate, in year: SchoolYear) -> Bool {
        guard date.isoWeekday == weekday, validFrom <= date, validUntil.map({ date <= $0 }) ?? true else { return false }
        if isExtra { return true }
        guard year.hasClasses(on: date) else { return false }
        switch weeks {
        case .every: return true
        case .weekA, .weekB: return year.week(of: date).map { $0 == weeks } ?? true
        }
    }
}
