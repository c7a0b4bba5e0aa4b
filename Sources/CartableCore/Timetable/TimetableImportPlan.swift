/// What re-importing the weekly timetable from a day does, before anything is written: which courses are created,
/// kept as they are, changed (ended and replaced) and removed. Pure: no I/O.
///
/// Past occurrences are never touched: a course that started before `from` ends the day before (its past, its
/// changes and later its rolls stay); one that starts on `from` or later and is not in the file is deleted.
public struct TimetableImportPlan: Sendable {
    /// Courses of the file with no course like them today.
    public var created: [WeeklyCourse] = []
    /// Existing courses the file repeats exactly: left as they are.
    public var unchanged: [WeeklyCourse] = []
    /// (existing, new): same class, subject, day, start and weeks, something else differs.
    public var changed: [(old: WeeklyCourse, new: WeeklyCourse)] = []
    /// Existing courses the file no longer has.
    public var removed: [WeeklyCourse] = []
    /// Existing courses that end the day before `from` (they began earlier).
    public var ending: [WeeklyCourse.ID] = []
    /// Existing courses deleted (they begin on `from` or later).
    public var deleting: [WeeklyCourse.ID] = []
    /// What is written: the created courses and the new side of the changed ones.
    public var adding: [WeeklyCourse] { created + changed.map(\.new) }

    /// The plan for `incoming` (the file's courses, valid from `from` at the earliest) against `existing` (the
    /// school's weekly courses still valid on `from` or later, extra courses excluded).
    public init(incoming: [WeeklyCourse], existing: [WeeklyCourse], from: LocalDate) {
        struct Key: Hashable {
            var classID: SchoolClass.ID
            var subject: String
            var weekday: Int
            var start: TimeOfDay
            var weeks: WeeklyCourse.Weeks
        }
        func key(_ course: WeeklyCourse) -> Key {
            Key(classID: course.classID, subject: course.subject, weekday: course.weekday, start: course.start, weeks: course.weeks)
        }
        func same(_ old: WeeklyCourse, _ new: WeeklyCourse) -> Bool {
            old.teacherIDs == new.teacherIDs && old.room == new.room && old.end == new.end && old.validUntil == new.validUntil
                && (old.validFrom == new.validFrom || (old.validFrom < from && new.validFrom == from))
        }
        var unmatched = Dictionary(grouping: existing.filter { !$0.isExtra }, by: key)
        for course in incoming {
            if var candidates = unmatched[key(course)], let index = candidates.firstIndex(where: { same($0, course) }) ?? candidates.indices.first {
                let old = candidates.remove(at: index)
                unmatched[key(course)] = candidates
                if same(old, course) { unchanged.append(old) } else { changed.append((old, course)) }
            } else {
                created.append(course)
            }
        }
        removed = unmatched.values.flatMap { $0 }.sorted { ($0.weekday, $0.start, $0.id) < ($1.weekday, $1.start, $1.id) }
        for old in removed + changed.map(\.old) {
            if old.validFrom < from { ending.append(old.id) } else { deleting.append(old.id) }
        }
    }
}
