import CartableCore
import CartableStore
import Foundation

/// What the roll pages do, behind the access policy: load an occurrence's roll, save a tap, finish the roll.
struct AttendanceActions: Sendable {
    let services: AppServices

    /// One occurrence's roll with what the page needs.
    struct RollView: Sendable {
        var occurrence: CourseOccurrence
        var slice: TimetableSlice
        /// The pupils of its class or group, by name.
        var pupils: [User]
        /// What was tapped so far, and whether the roll was taken.
        var roll: Roll
        /// For a live class: each pupil's first join.
        var joins: [User.ID: Date]
        /// Whether the course happens online (then a pupil with no join is proposed absent).
        var isOnline: Bool
        /// When the roll can be saved.
        var window: RollWindow
        /// For a live class: the most telling attempt of each pupil who did not join, from ten minutes before the start
        /// to the end (a failure over a plain request).
        var attempts: [User.ID: PresenceAttempt] = [:]

        /// Whether the roll can be saved now: its window is open and the course takes place.
        var isOpen: Bool { window == .open && !occurrence.isCancelled }
    }

    /// The roll cannot be saved now (the course has not started, the day is over for a teacher, it is cancelled).
    struct RollNotOpen: Error {
        var view: RollView
    }

    /// The roll of `courseID` planned on `date`, for reading (`.readRoll`) or for taking it (`.takeRoll`); refused: ``NotFound``.
    func roll(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer, taking: Bool) async throws -> RollView {
        let (occurrence, slice) = try await TimetableActions(services: services).occurrence(courseID, on: date, viewer: viewer)
        guard services.policy.allows(viewer, taking ? .takeRoll(occurrence) : .readRoll(occurrence)) else { throw NotFound() }
        let storage = services.storage
        let schoolID = viewer.schoolID
        let pupils = try await storage.schools.pupils(ofClass: occurrence.course.classID, in: schoolID)
            .filter { !$0.isDisabled }
            .sorted { ($0.lastName, $0.firstName, $0.id) < ($1.lastName, $1.firstName, $1.id) }
        let roll = try await storage.attendance.roll(courseID: courseID, plannedDate: date, in: schoolID)
        let isOnline = !occurrence.isCancelled && slice.mode(of: occurrence).isOnline
        var joins: [User.ID: Date] = [:]
        if isOnline {
            for join in try await storage.timetable.joins(courseID: courseID, plannedDate: date, in: schoolID) where joins[join.userID] == nil {
                joins[join.userID] = join.at
            }
        }
        let window = RollWindow.of(occurrence, at: services.clock.now(), in: viewer.school.timeZone, byStaff: viewer.role == .staff)
        var view = RollView(occurrence: occurrence, slice: slice, pupils: pupils, roll: roll, joins: joins, isOnline: isOnline, window: window)
        if isOnline {
            let zone = viewer.school.timeZone
            let from = occurrence.date.instant(atMinute: occurrence.start.minutes - LiveWindow.opensBefore, in: zone)
            let to = occurrence.date.instant(atMinute: occurrence.end.minutes, in: zone)
            let unjoined = Set(pupils.map(\.id).filter { joins[$0] == nil })
            view.attempts = AttendanceActions.mostTelling(try await storage.attendance.attempts(of: unjoined, in: schoolID, from: from, to: to))
        }
        return view
    }

    /// Per person, the attempt that says most: the first failure (the waiting room, a live class that did not answer,
    /// the database away), else the first request served.
    static func mostTelling(_ attempts: [PresenceAttempt]) -> [User.ID: PresenceAttempt] {
        var found: [User.ID: PresenceAttempt] = [:]
        for attempt in attempts.sorted(by: { $0.at < $1.at }) {
            if let kept = found[attempt.userID], kept.kind != .request || attempt.kind == .request { continue }
            found[attempt.userID] = attempt
        }
        return found
    }

    /// Saves one tap (idempotent: the same revision again changes nothing). Throws ``RollNotOpen`` outside the
    /// roll's window, `ValidationError` for a bad field; nothing is written then.
    func saveTap(_ input: RollMarkInput, in view: RollView, viewer: Viewer) async throws -> User.ID {
        guard view.isOpen else { throw RollNotOpen(view: view) }
        let tap = try input.validated(rollOf: Set(view.pupils.map(\.id)))
        let mark = AttendanceMark(
            courseID: view.occurrence.course.id, plannedDate: view.occurrence.plannedDate, pupilID: tap.pupilID, status: tap.status,
            minutes: tap.minutes, remark: tap.remark, revision: tap.revision, recordedBy: viewer.user.id, recordedAt: services.clock.now())
        try await services.storage.attendance.saveMark(mark, in: viewer.schoolID)
        return tap.pupilID
    }

    /// "The roll is done": the pupils not tapped were present.
    func finish(_ view: RollView, viewer: Viewer) async throws {
        guard view.isOpen else { throw RollNotOpen(view: view) }
        try await services.storage.attendance.markRollTaken(
            courseID: view.occurrence.course.id, plannedDate: view.occurrence.plannedDate, by: viewer.user.id, in: viewer.schoolID,
            at: services.clock.now())
    }

    /// For a live class, the teacher's one tap: every pupil with no join and nothing tapped is marked absent.
    /// Returns how many.
    func markUnjoinedAbsent(_ view: RollView, viewer: Viewer) async throws -> Int {
        guard view.isOpen, view.isOnline else { throw RollNotOpen(view: view) }
        let now = services.clock.now()
        var count = 0
        for pupil in view.pupils where view.joins[pupil.id] == nil && view.roll.marks[pupil.id] == nil {
            let mark = AttendanceMark(
                courseID: view.occurrence.course.id, plannedDate: view.occurrence.plannedDate, pupilID: pupil.id, status: .absent, revision: 1,
                recordedBy: viewer.user.id, recordedAt: now)
            if try await services.storage.attendance.saveMark(mark, in: viewer.schoolID) { count += 1 }
        }
        return count
    }
}

extension AttendanceActions {
    /// A pupil's record: each absence, lateness and early leave since `from`, with the incident rule applied.
    struct Record: Sendable {
        struct Item: Sendable {
            var occurrence: CourseOccurrence
            var event: AttendanceEvent
            var incidentNote: String?
            /// The justification that decides for its day, if any.
            var justification: Justification?
        }

        var from: LocalDate
        var to: LocalDate
        var items: [Item]
        var summary: AttendanceSummary
    }

    /// The record of `pupil` (the pupil, their guardian, staff) over `period`, by default from the school year's first day
    /// (or 90 days back) to today.
    func record(of pupil: Viewer.Child, viewer: Viewer, period: ClosedRange<LocalDate>? = nil) async throws -> Record {
        guard services.policy.allows(viewer, .readPupilAttendance(pupilID: pupil.pupil.id, schoolID: viewer.schoolID)) else { throw NotFound() }
        let storage = services.storage
        let range: ClosedRange<LocalDate>
        if let period { range = period } else { range = try await yearSoFar(viewer: viewer) }
        let marks = try await storage.attendance.marks(ofPupil: pupil.pupil.id, in: range, schoolID: viewer.schoolID)
        let slice = try await TimetableActions(services: services).slice(for: pupil, viewer: viewer, range: range)
        let lifted = try await storage.attendance.liftedIncidents(ofPupil: pupil.pupil.id, in: range, schoolID: viewer.schoolID)
        let justifications = try await storage.attendance.justifications(ofPupil: pupil.pupil.id, overlapping: range, schoolID: viewer.schoolID)
        var items = try await AttendanceEvents.items(
            of: marks, slice: slice, lifted: lifted, justifications: justifications, range: range, viewer: viewer, services: services)
        items.sort { ($0.occurrence.date, $0.occurrence.start) > ($1.occurrence.date, $1.occurrence.start) }
        return Record(from: range.lowerBound, to: range.upperBound, items: items, summary: AttendanceSummary(items.map(\.event)))
    }

    /// The pupil's absences and lateness of `day` for *Aujourd'hui* (the day's `slice` already read), earliest first; one
    /// query when there are none. Its freshness is the pupil's version, which every mark, justification and lift moves.
    func today(of pupil: Viewer.Child, slice: TimetableSlice, day: LocalDate, viewer: Viewer) async throws -> [Record.Item] {
        guard services.policy.allows(viewer, .readPupilAttendance(pupilID: pupil.pupil.id, schoolID: viewer.schoolID)) else { return [] }
        let storage = services.storage
        let marks = try await storage.attendance.marks(ofPupil: pupil.pupil.id, in: day...day, schoolID: viewer.schoolID)
        guard !marks.isEmpty else { return [] }
        return try await AttendanceEvents.items(
            of: marks, slice: slice, lifted: try await storage.attendance.liftedIncidents(ofPupil: pupil.pupil.id, in: day...day, schoolID: viewer.schoolID),
            justifications: try await storage.attendance.justifications(ofPupil: pupil.pupil.id, overlapping: day...day, schoolID: viewer.schoolID),
            range: day...day, viewer: viewer, services: services
        ).sorted { $0.occurrence.start < $1.occurrence.start }
    }

    /// Staff record an absence over a period (ill from Monday to Wednesday): every course of the pupil's classes and
    /// groups that takes place in it is marked absent, unless its teacher already recorded something for the pupil
    /// (a pupil who came back is not made absent), and an accepted justification with the reason covers the days.
    /// Returns how many courses were marked. Refused (`ValidationError`) with nothing written.
    func recordPeriod(_ input: JustificationInput, of pupil: Viewer.Child, viewer: Viewer) async throws -> Int {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let storage = services.storage
        let checked = try input.validated(
            reasons: try await storage.attendance.reasons(in: viewer.schoolID), today: services.today(for: viewer), hasProof: true)
        let range = checked.from...checked.to
        let slice = try await TimetableActions(services: services).slice(for: pupil, viewer: viewer, range: range)
        let now = services.clock.now()
        var marked = 0
        for occurrence in slice.occurrences(in: range) where !occurrence.isCancelled {
            let roll = try await storage.attendance.roll(courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, in: viewer.schoolID)
            guard roll.marks[pupil.pupil.id] == nil else { continue }
            let mark = AttendanceMark(
                courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, pupilID: pupil.pupil.id, status: .absent,
                remark: checked.reason.label, revision: 1, recordedBy: viewer.user.id, recordedAt: now)
            if try await storage.attendance.saveMark(mark, in: viewer.schoolID) { marked += 1 }
        }
        try await storage.attendance.addJustification(
            Justification(
                id: .make(using: services.identifiers), schoolID: viewer.schoolID, pupilID: pupil.pupil.id, from: checked.from, to: checked.to,
                reasonID: checked.reason.id, comment: checked.comment, state: .accepted, submittedBy: viewer.user.id, submittedAt: now,
                decidedBy: viewer.user.id, decidedAt: now))
        return marked
    }

    /// From the school year's first day (or 90 days back) to today.
    func yearSoFar(viewer: Viewer) async throws -> ClosedRange<LocalDate> {
        let today = services.today(for: viewer)
        let year = try await services.storage.timetable.schoolYear(of: viewer.schoolID)
        return (year.map { min($0.firstDay, today) } ?? today.adding(days: -90))...today
    }
}

/// Marks turned into ``AttendanceEvent``s, with the incident rule and the families' justifications applied: the one
/// way the record, the alerts and the export count.
enum AttendanceEvents {
    /// Each mark with its occurrence (from `slice`, or read on its own for a class the pupil has left), the incident
    /// window that covers it (lifted or not) and the justification that decides for its day. Marks of a course that
    /// no longer exists are left out.
    static func items(
        of marks: [AttendanceMark], slice: TimetableSlice, lifted: Set<LiftedIncident>, justifications: [Justification],
        range: ClosedRange<LocalDate>, viewer: Viewer, services: AppServices
    ) async throws -> [AttendanceActions.Record.Item] {
        let storage = services.storage
        let schoolID = viewer.schoolID
        let zone = viewer.school.timeZone
        let windows = try await storage.attendance.incidentWindows(
            of: schoolID, from: range.lowerBound.instant(atMinute: 0, in: zone), to: range.upperBound.adding(days: 1).instant(atMinute: 0, in: zone))
        let reasons = justifications.isEmpty
            ? [:] : Dictionary(try await storage.attendance.reasons(in: schoolID).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byPupil = Dictionary(grouping: justifications, by: \.pupilID)
        var courses = Dictionary(slice.courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = Dictionary(slice.changes.map { (OccurrenceKey(courseID: $0.courseID, plannedDate: $0.date), $0) }, uniquingKeysWith: { first, _ in first })
        // The school's BigBlueButton, for a window on one video server; read only when there is a window to match.
        let bigBlueButton = windows.isEmpty ? "" : (try await services.video.settings(for: schoolID)).bigBlueButtonURL ?? ""
        var items: [AttendanceActions.Record.Item] = []
        for mark in marks {
            if courses[mark.courseID] == nil, let course = try await storage.timetable.course(mark.courseID, in: schoolID) { courses[course.id] = course }
            guard let course = courses[mark.courseID] else { continue }
            let key = OccurrenceKey(courseID: course.id, plannedDate: mark.plannedDate)
            let occurrence = CourseOccurrence(course: course, plannedDate: mark.plannedDate, change: changes[key])
            let mode = slice.mode(of: occurrence)
            // An online course: a live class, or any course of a day declared remote (work at home through Cartable).
            let isOnline = mode.isOnline || slice.remoteDay(of: occurrence) != nil
            var incident = AttendanceEvent.Incident.none
            var note: String?
            if isOnline, mark.status != .present, !windows.isEmpty {
                let start = occurrence.date.instant(atMinute: occurrence.start.minutes, in: zone)
                let end = occurrence.date.instant(atMinute: occurrence.end.minutes, in: zone)
                let server = mode == .bigBlueButton ? bigBlueButton : ""
                if let window = windows.first(where: { $0.covers(schoolID: schoolID, from: start, to: end, liveClass: mode.isOnline, videoServer: server) }) {
                    let lift = LiftedIncident(occurrence: key, pupilID: mark.pupilID, windowID: window.id)
                    incident = lifted.contains(lift) ? .lifted(window.id) : .window(window.id)
                    note = window.note.isEmpty ? nil : window.note
                }
            }
            let justification = Justification.deciding(byPupil[mark.pupilID] ?? [], on: occurrence.date)
            let event = AttendanceEvent(
                pupilID: mark.pupilID, date: occurrence.date, start: occurrence.start, status: mark.status, minutes: mark.minutes,
                online: isOnline, reason: justification.flatMap { reasons[$0.reasonID] }, justification: justification?.state ?? .none,
                incident: incident)
            items.append(.init(occurrence: occurrence, event: event, incidentNote: incident == .none ? nil : note, justification: justification))
        }
        return items
    }
}
