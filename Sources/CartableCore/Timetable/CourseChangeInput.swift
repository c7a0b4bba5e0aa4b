import Foundation

/// A change to one occurrence as typed into staff's form (or sent as JSON), before any check.
public struct CourseChangeInput: Sendable, Hashable, Codable {
    /// "on" (or "true") if the occurrence does not take place.
    public var cancelled: String?
    /// Its room, if another one.
    public var room: String?
    /// Its new day, `YYYY-MM-DD`, if moved to another day.
    public var date: String?
    /// Its new start, `HH:MM`, if moved.
    public var start: String?
    /// Its new end, `HH:MM` (if left empty with a new start, the course keeps its length).
    public var end: String?
    /// The replacement teacher's id, if someone else teaches it.
    public var teacherID: String?
    /// A word for the pupils.
    public var note: String?

    /// Creates an input.
    public init(
        cancelled: String? = nil, room: String? = nil, date: String? = nil, start: String? = nil, end: String? = nil, teacherID: String? = nil,
        note: String? = nil
    ) {
        self.cancelled = cancelled
        self.room = room
        self.date = date
        self.start = start
        self.end = end
        self.teacherID = teacherID
        self.note = note
    }

    /// Limits on what a change may hold.
    public enum Limits {
        /// Longest room name.
        public static let room = 40
        /// Longest note.
        public static let note = 200
        /// How far from the planned day an occurrence may be moved, in days.
        public static let moveWindow = 60
        /// The earliest start and latest end of a course moved to a new time (or of an extra course).
        public static let day = 6 * 60...22 * 60
    }

    /// Checks and cleans the input against the occurrence it changes; throws every problem at once.
    ///
    /// Fields equal to the weekly course are not a change (a room typed as it already is); a change that
    /// changes nothing returns `nil`, which means "as planned" (the caller removes any change). Whether the
    /// replacement is a teacher of the school, and whether the new time clashes, need the store: the caller checks.
    public func validated(for course: WeeklyCourse, plannedDate: LocalDate, at instant: Date) throws(ValidationError) -> CourseChange? {
        var issues: [FieldIssue] = []
        let isCancelled = ["on", "true", "1", "yes"].contains(TextRules.clean(cancelled).lowercased())
        let note = TextRules.clean(note)
        if note.count > Limits.note { issues.append(.init(field: "note", problem: .tooLong(max: Limits.note))) }
        let room = TextRules.clean(room)
        if room.count > Limits.room { issues.append(.init(field: "room", problem: .tooLong(max: Limits.room))) }

        var movedTo: LocalDate?
        let dateText = TextRules.clean(date)
        if !dateText.isEmpty {
            if let day = LocalDate(iso: dateText) {
                if abs(plannedDate.days(until: day)) > Limits.moveWindow {
                    issues.append(.init(field: "date", problem: .dateOutOfRange))
                } else if day.isoWeekday == 7 {
                    issues.append(.init(field: "date", problem: .invalidChoice))
                } else if day != plannedDate {
                    movedTo = day
                }
            } else {
                issues.append(.init(field: "date", problem: .invalidDate))
            }
        }

        var start = course.start
        var end = course.end
        let startText = TextRules.clean(self.start)
        let endText = TextRules.clean(self.end)
        var timesValid = true
        if !startText.isEmpty {
            if let value = TimeOfDay(text: startText) { start = value } else {
                issues.append(.init(field: "start", problem: .invalidTime))
                timesValid = false
            }
        }
        if !endText.isEmpty {
            if let value = TimeOfDay(text: endText) { end = value } else {
                issues.append(.init(field: "end", problem: .invalidTime))
                timesValid = false
            }
        } else if !startText.isEmpty, timesValid {
            // A new start alone keeps the course's length.
            end = TimeOfDay(minutes: start.minutes + course.end.minutes - course.start.minutes) ?? end
        }
        if timesValid {
            if end <= start {
                issues.append(.init(field: "end", problem: .endBeforeStart))
            } else if (start != course.start || end != course.end),
                !Limits.day.contains(start.minutes) || !Limits.day.contains(end.minutes)
            {
                // Only a new time is held to the school day: the weekly course's own times came from the school's
                // timetable (an evening study, a course an import placed late) and a room change must not fail on them.
                issues.append(.init(field: "start", problem: .outsideSchoolDay(fromHour: Limits.day.lowerBound / 60, toHour: Limits.day.upperBound / 60)))
            }
        }

        var teachers: [User.ID]?
        let teacherText = TextRules.clean(teacherID)
        if !teacherText.isEmpty {
            if let id = User.ID(validating: teacherText) {
                if [id] != course.teacherIDs { teachers = [id] }
            } else {
                issues.append(.init(field: "teacherID", problem: .invalidChoice))
            }
        }
        guard issues.isEmpty else { throw ValidationError(issues) }

        let change = CourseChange(
            courseID: course.id, schoolID: course.schoolID, date: plannedDate, isCancelled: isCancelled,
            movedToDate: isCancelled ? nil : movedTo, start: isCancelled || start == course.start && end == course.end ? nil : start,
            end: isCancelled || start == course.start && end == course.end ? nil : end,
            room: isCancelled || room.isEmpty || room == course.room ? nil : room, teacherIDs: isCancelled ? nil : teachers, note: note,
            updatedAt: instant)
        let changesNothing =
            !change.isCancelled && change.movedToDate == nil && change.start == nil && change.room == nil && change.teacherIDs == nil && note.isEmpty
        return changesNothing ? nil : change
    }
}
