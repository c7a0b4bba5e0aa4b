import Foundation

/// An extra course (one that happens once: a catch-up lesson, a mock exam) as typed into staff's form, before any check.
public struct ExtraCourseInput: Sendable, Hashable, Codable {
    /// Its day, `YYYY-MM-DD`.
    public var date: String?
    /// Its start, `HH:MM`.
    public var start: String?
    /// Its end, `HH:MM`.
    public var end: String?
    /// The subject ("Mathématiques").
    public var subject: String?
    /// The teacher's id.
    public var teacherID: String?
    /// The room, if any.
    public var room: String?

    /// Creates an input.
    public init(date: String? = nil, start: String? = nil, end: String? = nil, subject: String? = nil, teacherID: String? = nil, room: String? = nil) {
        self.date = date
        self.start = start
        self.end = end
        self.subject = subject
        self.teacherID = teacherID
        self.room = room
    }

    /// Limits on an extra course.
    public enum Limits {
        /// How many days before today it may be added (to put right a course that took place).
        public static let daysBefore = CourseChangeInput.Limits.moveWindow
        /// How many days after today it may be planned.
        public static let daysAfter = EntryInput.Limits.sessionWindow
    }

    /// Checks and cleans the input into a one-day course of `classID`; throws every problem at once.
    ///
    /// Whether the teacher is one of the school's, and whether the course clashes with another, need the store: the
    /// caller checks. Sunday is refused (as for a moved course); a holiday is allowed (a revision course in the holidays).
    public func validated(
        id: WeeklyCourse.ID, classID: SchoolClass.ID, schoolID: School.ID, today: LocalDate
    ) throws(ValidationError) -> WeeklyCourse {
        var issues: [FieldIssue] = []
        var day: LocalDate?
        let dateText = TextRules.clean(date)
        if dateText.isEmpty {
            issues.append(.init(field: "date", problem: .required))
        } else if let value = LocalDate(iso: dateText) {
            let offset = today.days(until: value)
            if offset < -Limits.daysBefore || offset > Limits.daysAfter {
                issues.append(.init(field: "date", problem: .dateOutOfRange))
            } else if value.isoWeekday == 7 {
                issues.append(.init(field: "date", problem: .invalidChoice))
            } else {
                day = value
            }
        } else {
            issues.append(.init(field: "date", problem: .invalidDate))
        }

        var times: [TimeOfDay] = []
        for (field, text) in [("start", start), ("end", end)] {
            let clean = TextRules.clean(text)
            if clean.isEmpty {
                issues.append(.init(field: field, problem: .required))
            } else if let value = TimeOfDay(text: clean) {
                times.append(value)
            } else {
                issues.append(.init(field: field, problem: .invalidTime))
            }
        }
        if times.count == 2 {
            let range = CourseChangeInput.Limits.day
            if times[1] <= times[0] {
                issues.append(.init(field: "end", problem: .endBeforeStart))
            } else if !range.contains(times[0].minutes) || !range.contains(times[1].minutes) {
                issues.append(.init(field: "start", problem: .outsideSchoolDay(fromHour: range.lowerBound / 60, toHour: range.upperBound / 60)))
            }
        }

        let subject = TextRules.clean(subject)
        if subject.isEmpty {
            issues.append(.init(field: "subject", problem: .required))
        } else if subject.count > EntryInput.Limits.subject {
            issues.append(.init(field: "subject", problem: .tooLong(max: EntryInput.Limits.subject)))
        }

        var teacher: User.ID?
        let teacherText = TextRules.clean(teacherID)
        if teacherText.isEmpty {
            issues.append(.init(field: "teacherID", problem: .required))
        } else if let value = User.ID(validating: teacherText) {
            teacher = value
        } else {
            issues.append(.init(field: "teacherID", problem: .invalidChoice))
        }

        let room = TextRules.clean(room)
        if room.count > CourseChangeInput.Limits.room { issues.append(.init(field: "room", problem: .tooLong(max: CourseChangeInput.Limits.room))) }

        guard issues.isEmpty, let day, let teacher, times.count == 2 else { throw ValidationError(issues) }
        return WeeklyCourse(
            id: id, schoolID: schoolID, classID: classID, subject: subject, teacherIDs: [teacher], room: room, weekday: day.isoWeekday,
            start: times[0], end: times[1], weeks: .every, validFrom: day, validUntil: day, isExtra: true)
    }
}
