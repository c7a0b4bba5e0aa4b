import CartableCore
import Foundation

/// The school year, the weekly timetable and the one-off changes of its occurrences.
public protocol TimetableStore: Sendable {
    /// The school's year, if set up.
    func schoolYear(of schoolID: School.ID) async throws -> SchoolYear?
    /// Sets the school's year and holidays (replacing the ones before), in one transaction.
    func setSchoolYear(_ year: SchoolYear, at instant: Date) async throws
    /// What is needed to show the courses of `classIDs` (and, if given, those `teacherID` teaches or
    /// replaces in) over `range`: the year, the courses valid on some day of it, their changes, and names.
    func timetable(ofClasses classIDs: Set<SchoolClass.ID>, teacher teacherID: User.ID?, in schoolID: School.ID, range: ClosedRange<LocalDate>)
        async throws -> TimetableSlice
    /// Adds weekly (or extra) courses, in one transaction.
    func addCourses(_ courses: [WeeklyCourse], at instant: Date) async throws
    /// The school's weekly courses still valid on `day` or later (with their teachers), for a re-import.
    func courses(in schoolID: School.ID, validOnOrAfter day: LocalDate) async throws -> [WeeklyCourse]
    /// Applies a re-import in one transaction: `ending` end the day before `from`, `deleting` go (with their
    /// changes; one whose roll was taken ends instead, so that its attendance stays), `adding` are stored; every
    /// timetable they touch gets a new version.
    func replaceCourses(ending: [WeeklyCourse.ID], deleting: [WeeklyCourse.ID], adding: [WeeklyCourse], from: LocalDate, in schoolID: School.ID, at instant: Date)
        async throws
    /// The course `id` if it belongs to `schoolID`.
    func course(_ id: WeeklyCourse.ID, in schoolID: School.ID) async throws -> WeeklyCourse?
    /// Sets how a course happens, for one occurrence or every week (every week in the room removes the choice);
    /// `false` if the course is not the school's.
    @discardableResult
    func setLive(_ setting: LiveSetting) async throws -> Bool
    /// Records that `userID` joined the occurrence online (as `role`: `viewer` or `moderator`).
    func recordJoin(courseID: WeeklyCourse.ID, plannedDate: LocalDate, userID: User.ID, role: String, in schoolID: School.ID, at instant: Date)
        async throws
    /// Who joined the occurrence online, first join first: (person, role, when).
    func joins(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID) async throws -> [(userID: User.ID, role: String, at: Date)]
    /// Sets the change of one occurrence (replacing any change before); `nil` if the course is not the school's.
    @discardableResult
    func setChange(_ change: CourseChange) async throws -> CourseChange?
    /// Removes the change of one occurrence, so that it happens as planned; whether there was one.
    @discardableResult
    func removeChange(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID, at instant: Date) async throws -> Bool
}

/// A part of a timetable, with what it takes to show it.
public struct TimetableSlice: Sendable {
    /// The school year, if set up.
    public var year: SchoolYear?
    /// The courses valid on some day of the range asked.
    public var courses: [WeeklyCourse]
    /// Their changes planned on, or moved to, a day of the range.
    public var changes: [CourseChange]
    /// How its courses happen when not in their rooms (every week, or one occurrence of the range).
    public var live: [LiveSetting]
    /// Every teacher named by a course or a change: "Prénom Nom" ("" for a purged account).
    public var teacherNames: [User.ID: String]
    /// The name of each class or group of the courses.
    public var classNames: [SchoolClass.ID: String]
    /// The days of the range declared remote for the school or one of the courses' classes and groups.
    public var remoteDays: [RemoteDay]

    /// Creates a slice.
    public init(
        year: SchoolYear?, courses: [WeeklyCourse], changes: [CourseChange], live: [LiveSetting] = [], teacherNames: [User.ID: String] = [:],
        classNames: [SchoolClass.ID: String] = [:], remoteDays: [RemoteDay] = []
    ) {
        self.remoteDays = remoteDays
        self.live = live
        self.year = year
        self.courses = courses
        self.changes = changes
        self.teacherNames = teacherNames
        self.classNames = classNames
    }

    /// How `occurrence` happens.
    public func mode(of occurrence: CourseOccurrence) -> LiveMode {
        LiveSetting.mode(of: occurrence, in: live)
    }

    /// The remote day that makes `occurrence` a course at home, if any.
    public func remoteDay(of occurrence: CourseOccurrence) -> RemoteDay? {
        remoteDays.covering(occurrence)
    }

    /// The dated courses of the slice over `range` (see ``TimetableCalendar``).
    public func occurrences(in range: ClosedRange<LocalDate>) -> [CourseOccurrence] {
        TimetableCalendar.occurrences(of: courses, changes: changes, year: year, in: range)
    }
}

extension ContentVersions {
    /// The scope of a class's or group's timetable (its courses and their changes).
    public static func scope(ofTimetable classID: SchoolClass.ID) -> String { "timetable:\(classID)" }
    /// The scope of the courses a teacher teaches or replaces in.
    public static func scope(ofTeacherTimetable teacherID: User.ID) -> String { "timetable-teacher:\(teacherID)" }
    /// The scope of a school's year and holidays (every timetable of the school depends on it).
    public static func scope(ofSchoolYear schoolID: School.ID) -> String { "school-year:\(schoolID)" }
}
