import CartableCore
import CartableStore
import Foundation

/// Vie scolaire's day: every absence and lateness of the school, and the rolls not taken (with a reminder to the teacher).
struct SchoolDayActions: Sendable {
    let services: AppServices

    struct Absence: Sendable {
        /// What happened, with its justification and whether it is an incident (a window staff have not lifted).
        var event: AttendanceEvent
        var pupil: User?
        var occurrence: CourseOccurrence
        var className: String
    }

    struct MissingRoll: Sendable {
        var occurrence: CourseOccurrence
        var className: String
        var teachers: [String]
        var isReminded: Bool
    }

    struct Day: Sendable {
        var day: LocalDate
        var absences: [Absence]
        var missing: [MissingRoll]
        var rollsTaken: Int
        var rollsDue: Int
        var pendingJustifications: Int
    }

    /// The school's `day` for staff (``NotFound`` for anyone else).
    func day(_ day: LocalDate, viewer: Viewer) async throws -> Day {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let storage = services.storage
        let schoolID = viewer.schoolID
        let classes = try await storage.schools.classes(in: schoolID)
        let classNames = Dictionary(classes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let slice = try await services.timetableReads.timetable(
            ofClasses: Set(classes.map(\.id)), teacher: nil, in: schoolID, range: day...day, storage: storage)
        let occurrences = slice.occurrences(in: day...day)

        let marks = try await storage.attendance.marks(in: schoolID, on: day)
        let items = try await AttendanceEvents.items(
            of: marks, slice: slice, lifted: try await storage.attendance.liftedIncidents(in: schoolID, range: day...day),
            justifications: try await storage.attendance.justifications(in: schoolID, overlapping: day...day), range: day...day, viewer: viewer,
            services: services)
        var people: [User.ID: User?] = [:]
        var absences: [Absence] = []
        for item in items {
            let pupilID = item.event.pupilID
            if people[pupilID] == nil { people[pupilID] = try await storage.identity.user(pupilID, in: schoolID) }
            absences.append(
                Absence(
                    event: item.event, pupil: people[pupilID] ?? nil, occurrence: item.occurrence,
                    className: classNames[item.occurrence.course.classID] ?? ""))
        }
        absences.sort {
            ($0.occurrence.start.minutes, $0.className, $0.pupil?.lastName ?? "", $0.pupil?.firstName ?? "")
                < ($1.occurrence.start.minutes, $1.className, $1.pupil?.lastName ?? "", $1.pupil?.firstName ?? "")
        }

        // The rolls due: occurrences that take place and have started by now.
        let now = services.clock.now()
        let today = services.today(for: viewer)
        let minute = TimeOfDay.minute(of: now, in: viewer.school.timeZone)
        let due = occurrences.filter { !$0.isCancelled && ($0.date < today || ($0.date == today && $0.start.minutes <= minute)) }
        let taken = try await storage.attendance.rollsTaken(in: schoolID, on: day)
        let reminded = try await storage.attendance.rollReminders(in: schoolID, on: day)
        let missing = due.filter { !taken.contains(OccurrenceKey(courseID: $0.course.id, plannedDate: $0.plannedDate)) }.map { occurrence in
            let key = OccurrenceKey(courseID: occurrence.course.id, plannedDate: occurrence.plannedDate)
            return MissingRoll(
                occurrence: occurrence, className: classNames[occurrence.course.classID] ?? "",
                teachers: occurrence.teacherIDs.compactMap { slice.teacherNames[$0] }, isReminded: reminded.contains(key))
        }
        let pending = try await storage.attendance.justifications(in: schoolID, state: .pending, limit: 200).count
        return Day(
            day: day, absences: absences, missing: missing, rollsTaken: due.count - missing.count, rollsDue: due.count, pendingJustifications: pending)
    }

    /// Staff remind the teachers of an occurrence whose roll is not taken. ``NotFound`` for a course not planned that
    /// day or another school's; `false` when there is nothing to remind (the roll is taken, or the course has not started).
    func remind(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer) async throws -> Bool {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let (occurrence, _) = try await TimetableActions(services: services).occurrence(courseID, on: date, viewer: viewer)
        let storage = services.storage
        let window = RollWindow.of(occurrence, at: services.clock.now(), in: viewer.school.timeZone, byStaff: true)
        guard window == .open, !occurrence.isCancelled,
            !(try await storage.attendance.rollsTaken(in: viewer.schoolID, on: occurrence.plannedDate))
                .contains(OccurrenceKey(courseID: courseID, plannedDate: date))
        else { return false }
        try await storage.attendance.remindRoll(
            courseID: courseID, plannedDate: date, teacherIDs: occurrence.teacherIDs, by: viewer.user.id, in: viewer.schoolID, at: services.clock.now())
        return true
    }

    /// The rolls `viewer` (a teacher) was reminded of and has not taken, as occurrences.
    func reminders(viewer: Viewer) async throws -> [CourseOccurrence] {
        guard viewer.role == .teacher else { return [] }
        var found: [CourseOccurrence] = []
        for key in try await services.storage.attendance.rollReminders(ofTeacher: viewer.user.id, in: viewer.schoolID) {
            // A course removed since (an extra course staff took back) is left out.
            if let pair = try? await TimetableActions(services: services).occurrence(key.courseID, on: key.plannedDate, viewer: viewer) {
                found.append(pair.0)
            }
        }
        return found
    }
}
