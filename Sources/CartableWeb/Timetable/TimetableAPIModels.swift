import CartableCore
import CartableStore

/// The timetable API's JSON shapes: a week, its days, their courses with what changed.
extension APIModel {
    struct TimetableWeek: Codable, Sendable {
        var weekStart: String
        var days: [TimetableDay]

        /// The week from `monday` of `slice`: Monday to Friday, and Saturday or Sunday when they have courses.
        /// `canJoin` says whether the reader may join an online occurrence (the policy's answer).
        init(_ slice: TimetableSlice, monday: LocalDate, canJoin: (CourseOccurrence) -> Bool, t: Localizer) {
            weekStart = monday.iso
            let occurrences = slice.occurrences(in: monday...monday.adding(days: 6))
            days = (0..<7).map { monday.adding(days: $0) }.compactMap { date in
                let courses = occurrences.filter { $0.date == date }
                guard date.isoWeekday <= 5 || !courses.isEmpty else { return nil }
                return TimetableDay(
                    date: date.iso, holiday: slice.year?.holiday(on: date)?.name,
                    courses: courses.map { TimetableCourse($0, slice: slice, canJoin: canJoin($0), t: t) })
            }
        }
    }

    struct TimetableDay: Codable, Sendable {
        var date: String
        var holiday: String?
        var courses: [TimetableCourse]
    }

    struct TimetableTeacher: Codable, Sendable {
        var id: String
        var displayName: String

        init(_ id: CartableCore.User.ID, slice: TimetableSlice, t: Localizer) {
            self.id = id.rawValue
            displayName = t.personName(slice.teacherNames[id])
        }
    }

    /// When and where a moved occurrence was planned.
    struct TimetableMove: Codable, Sendable {
        var date: String
        var start: String
        var end: String
    }

    struct TimetableCourse: Codable, Sendable {
        var courseID: String
        var date: String
        var plannedDate: String
        var start: String
        var end: String
        var subject: String
        var classID: String
        var className: String
        var teachers: [TimetableTeacher]
        var room: String?
        /// `planned`, `changed`, `cancelled` or `extra`.
        var status: String
        /// What changed, said as the pages say it, in the request's language.
        var changes: [String]
        var movedFrom: TimetableMove?
        var roomInsteadOf: String?
        var replacedTeachers: [TimetableTeacher]?
        var note: String?
        var online: Bool
        /// Cartable's join path (never the video server's address), for those who may join.
        var joinURL: String?

        enum CodingKeys: String, CodingKey {
            case courseID = "courseId"
            case classID = "classId"
            case joinURL = "joinUrl"
            case date, plannedDate, start, end, subject, className, teachers, room, status, changes, movedFrom, roomInsteadOf, replacedTeachers,
                note, online
        }

        init(_ occurrence: CourseOccurrence, slice: TimetableSlice, canJoin: Bool, t: Localizer) {
            let course = occurrence.course
            courseID = course.id.rawValue
            date = occurrence.date.iso
            plannedDate = occurrence.plannedDate.iso
            start = occurrence.start.text
            end = occurrence.end.text
            subject = course.subject
            classID = course.classID.rawValue
            className = slice.classNames[course.classID] ?? ""
            teachers = occurrence.teacherIDs.map { TimetableTeacher($0, slice: slice, t: t) }
            room = occurrence.room.isEmpty ? nil : occurrence.room
            status =
                occurrence.isCancelled ? "cancelled" : course.isExtra ? "extra" : occurrence.isChanged ? "changed" : "planned"
            // The same texts as the page's row, so that the two never tell a change differently.
            changes = CourseRowModel(occurrence, slice: slice, showClass: false, t: t).changes
            movedFrom =
                occurrence.isMoved ? TimetableMove(date: occurrence.plannedDate.iso, start: course.start.text, end: course.end.text) : nil
            roomInsteadOf = occurrence.isRoomChanged ? course.room : nil
            replacedTeachers = occurrence.isReplaced ? course.teacherIDs.map { TimetableTeacher($0, slice: slice, t: t) } : nil
            note = occurrence.change.flatMap { $0.note.isEmpty ? nil : $0.note }
            online = !occurrence.isCancelled && slice.mode(of: occurrence).isOnline
            joinURL = online && canJoin ? TimetableRoutes.join.href(course.id, occurrence.plannedDate) : nil
        }
    }
}
