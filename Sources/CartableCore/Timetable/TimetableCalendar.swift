import Foundation

/// Turns a weekly timetable, its one-off changes and the school year into dated courses. Pure: no I/O.
public enum TimetableCalendar {
    /// The occurrences that happen on a day of `range`, by day then start time, cancelled ones included
    /// (people must see that a course is cancelled, not find it missing).
    ///
    /// An occurrence moved into `range` from a day outside it is included; one moved out of it is not.
    public static func occurrences(
        of courses: [WeeklyCourse], changes: [CourseChange], year: SchoolYear?, in range: ClosedRange<LocalDate>
    ) -> [CourseOccurrence] {
        let byKey = Dictionary(changes.map { (Key(courseID: $0.courseID, date: $0.date), $0) }, uniquingKeysWith: { $1 })
        let byID = Dictionary(courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [CourseOccurrence] = []
        var seen: Set<Key> = []
        var day = range.lowerBound
        while day <= range.upperBound {
            for course in courses where isPlanned(course, on: day, year: year) {
                let key = Key(courseID: course.id, date: day)
                let occurrence = CourseOccurrence(course: course, plannedDate: day, change: byKey[key])
                if range.contains(occurrence.date) {
                    result.append(occurrence)
                    seen.insert(key)
                }
            }
            day = day.adding(days: 1)
        }
        // Occurrences planned outside the range and moved into it.
        for change in changes {
            guard let moved = change.movedToDate, range.contains(moved), !range.contains(change.date),
                let course = byID[change.courseID], isPlanned(course, on: change.date, year: year)
            else { continue }
            let key = Key(courseID: course.id, date: change.date)
            if seen.insert(key).inserted { result.append(CourseOccurrence(course: course, plannedDate: change.date, change: change)) }
        }
        return result.sorted { ($0.date, $0.start, $0.course.subject, $0.course.id) < ($1.date, $1.start, $1.course.subject, $1.course.id) }
    }

    /// Whether `course` is planned on `day`; with no school year set, every valid weekday counts.
    public static func isPlanned(_ course: WeeklyCourse, on day: LocalDate, year: SchoolYear?) -> Bool {
        if let year { return course.isPlanned(on: day, in: year) }
        return day.isoWeekday == course.weekday && course.validFrom <= day && (course.validUntil.map { day <= $0 } ?? true)
    }

    /// The courses of `candidate`'s teachers or room (and, given `pupils`, of its pupils: its own class, or one
    /// that shares a pupil with it) that overlap it on some day: same weekday, overlapping times, overlapping
    /// periods and weeks that can meet (every week meets A and B; A never meets B).
    public static func clashes(of candidate: WeeklyCourse, with courses: [WeeklyCourse], pupils: SharedPupils? = nil) -> [WeeklyCourse] {
        courses.filter { other in
            guard other.id != candidate.id, other.weekday == candidate.weekday,
                other.start < candidate.end, candidate.start < other.end,
                other.weeks == .every || candidate.weeks == .every || other.weeks == candidate.weeks,
                other.validFrom <= (candidate.validUntil ?? .distantFuture), candidate.validFrom <= (other.validUntil ?? .distantFuture)
            else { return false }
            let sharesTeacher = !Set(other.teacherIDs).isDisjoint(with: candidate.teacherIDs)
            let sharesRoom = !candidate.room.isEmpty && other.room.caseInsensitiveCompare(candidate.room) == .orderedSame
            let sharesPupils = pupils?.share(other.classID, candidate.classID) ?? false
            return sharesTeacher || sharesRoom || sharesPupils
        }
    }

    struct Key: Hashable {
        var courseID: WeeklyCourse.ID
        var date: LocalDate
    }
}

extension LocalDate {
    /// A day after every day a timetable names (9999-12-31), for open-ended periods.
    public static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
}
