import CartableCore
import CartableStore

/// What the timetable's pages (and *Aujourd'hui*) may do, policy first, shared so that every door agrees.
struct TimetableActions: Sendable {
    let services: AppServices

    /// A pupil's courses over `range` (the pupil themself, or a guardian's child).
    func slice(for pupil: Viewer.Child, viewer: Viewer, range: ClosedRange<LocalDate>) async throws -> TimetableSlice {
        let readable = pupil.classIDs.filter { services.policy.allows(viewer, .readClassTimetable(classID: $0, schoolID: viewer.schoolID)) }
        return try await services.timetableReads.timetable(ofClasses: readable, teacher: nil, in: viewer.schoolID, range: range, storage: services.storage)
    }

    /// Which of `pupil`'s live classes of `day` are open now: part of *Aujourd'hui*'s identity, from memory.
    func openMarker(for pupil: Viewer.Child, viewer: Viewer, day: LocalDate) async throws -> String {
        let readable = pupil.classIDs.filter { services.policy.allows(viewer, .readClassTimetable(classID: $0, schoolID: viewer.schoolID)) }
        return try await services.timetableReads.openMarker(
            ofClasses: readable, in: viewer.schoolID, day: day, now: services.clock.now(), zone: viewer.school.timeZone, storage: services.storage)
    }

    /// A teacher's own courses over `range` (those they teach, and those they replace in).
    func teacherSlice(viewer: Viewer, range: ClosedRange<LocalDate>) async throws -> TimetableSlice {
        guard services.policy.allows(viewer, .readTeacherTimetable(teacherID: viewer.user.id, schoolID: viewer.schoolID)) else { throw NotFound() }
        return try await services.timetableReads.timetable(ofClasses: [], teacher: viewer.user.id, in: viewer.schoolID, range: range, storage: services.storage)
    }

    /// A class's or group's courses over `range`; unknown and forbidden are both ``NotFound``.
    func classSlice(_ schoolClass: SchoolClass, viewer: Viewer, range: ClosedRange<LocalDate>) async throws -> TimetableSlice {
        guard services.policy.allows(viewer, .readClassTimetable(classID: schoolClass.id, schoolID: viewer.schoolID)) else { throw NotFound() }
        return try await services.timetableReads.timetable(
            ofClasses: [schoolClass.id], teacher: nil, in: viewer.schoolID, range: range, storage: services.storage)
    }

    /// The class `id` of the viewer's school if its timetable is theirs to read, else ``NotFound``.
    func readableClass(_ id: SchoolClass.ID, viewer: Viewer) async throws -> SchoolClass {
        guard services.policy.allows(viewer, .readClassTimetable(classID: id, schoolID: viewer.schoolID)),
            let schoolClass = try await services.storage.schools.schoolClass(id, in: viewer.schoolID)
        else { throw NotFound() }
        return schoolClass
    }

    /// The occurrence of `courseID` (of the viewer's school) planned on `date`, with the day's slice of its class (its
    /// change, live mode and names); ``NotFound`` if the course is unknown or not planned that day. No policy check:
    /// the callers ask for what they do with it.
    func occurrence(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer) async throws -> (CourseOccurrence, TimetableSlice) {
        guard let course = try await services.storage.timetable.course(courseID, in: viewer.schoolID) else { throw NotFound() }
        let slice = try await services.timetableReads.timetable(
            ofClasses: [course.classID], teacher: nil, in: viewer.schoolID, range: date...date, storage: services.storage)
        guard TimetableCalendar.isPlanned(course, on: date, year: slice.year) else { throw NotFound() }
        let change = slice.changes.first { $0.courseID == courseID && $0.date == date }
        return (CourseOccurrence(course: course, plannedDate: date, change: change), slice)
    }

    /// One occurrence that staff may change; not staff of the school: ``NotFound``.
    func editableOccurrence(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer) async throws -> (CourseOccurrence, TimetableSlice) {
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)) else { throw NotFound() }
        return try await occurrence(courseID, on: date, viewer: viewer)
    }

    /// Sets (or, when it changes nothing, removes) the change of an occurrence from staff's form.
    ///
    /// Refused, with nothing written, when the replacement is not a teacher of the school, or when the
    /// occurrence would then be at the same time as another course of its class, a teacher or its room: a
    /// clash is an error, not a warning, because a pupil cannot be in two rooms and a teacher cannot teach two classes.
    func saveChange(_ input: CourseChangeInput, of occurrence: CourseOccurrence, viewer: Viewer, t: Localizer) async throws {
        let now = services.clock.now()
        guard let change = try input.validated(for: occurrence.course, plannedDate: occurrence.plannedDate, at: now) else {
            try await services.storage.timetable.removeChange(
                courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, in: viewer.schoolID, at: now)
            return
        }
        if let teachers = change.teacherIDs {
            for id in teachers {
                guard let user = try await services.storage.identity.user(id, in: viewer.schoolID), user.role == .teacher, !user.isDisabled else {
                    throw ValidationError([FieldIssue(field: "teacherID", problem: .invalidChoice)])
                }
            }
        }
        let changed = CourseOccurrence(course: occurrence.course, plannedDate: occurrence.plannedDate, change: change)
        if !changed.isCancelled, let clash = try await clash(of: changed, viewer: viewer, t: t) {
            let field = changed.isMoved ? "start" : changed.isRoomChanged ? "room" : "teacherID"
            throw ValidationError([FieldIssue(field: field, problem: .clash(with: clash))])
        }
        guard try await services.storage.timetable.setChange(change) != nil else { throw NotFound() }
    }

    /// Adds an extra course (one that happens once) to `schoolClass` from staff's form, and returns it.
    ///
    /// Refused, with nothing written, on a bad field, a teacher who is not an enabled teacher of the school, or a clash
    /// with another course of the same pupils, teacher or room that day (an error, as for a change: see ``saveChange``).
    func addExtraCourse(_ input: ExtraCourseInput, to schoolClass: SchoolClass, viewer: Viewer, t: Localizer) async throws -> WeeklyCourse {
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)), schoolClass.schoolID == viewer.schoolID else {
            throw NotFound()
        }
        let course = try input.validated(
            id: .make(using: services.identifiers), classID: schoolClass.id, schoolID: viewer.schoolID, today: services.today(for: viewer))
        for id in course.teacherIDs {
            guard let user = try await services.storage.identity.user(id, in: viewer.schoolID), user.role == .teacher, !user.isDisabled else {
                throw ValidationError([FieldIssue(field: "teacherID", problem: .invalidChoice)])
            }
        }
        if let clash = try await clash(of: CourseOccurrence(course: course, plannedDate: course.validFrom, change: nil), viewer: viewer, t: t) {
            throw ValidationError([FieldIssue(field: "start", problem: .clash(with: clash))])
        }
        try await services.storage.timetable.addCourses([course], at: services.clock.now())
        return course
    }

    /// Why an extra course cannot be removed: someone already joined it online (the record of who was there stays).
    struct ExtraCourseHasJoins: Error {}

    /// Removes an extra course; a weekly course is ``NotFound`` here (it is cancelled, or changed by an import).
    func removeExtraCourse(_ occurrence: CourseOccurrence, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)), occurrence.course.isExtra else { throw NotFound() }
        let joins = try await services.storage.timetable.joins(
            courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, in: viewer.schoolID)
        guard joins.isEmpty else { throw ExtraCourseHasJoins() }
        try await services.storage.timetable.replaceCourses(
            ending: [], deleting: [occurrence.course.id], adding: [], from: occurrence.plannedDate, in: viewer.schoolID, at: services.clock.now())
    }

    /// The first other course of that day that `occurrence` would overlap, said for people: the same teacher or room, or
    /// the same pupils (its class, or a division and a group its pupils are in; two groups that split a division do not clash).
    func clash(of occurrence: CourseOccurrence, viewer: Viewer, t: Localizer) async throws -> String? {
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        let pupils = try await services.storage.schools.sharedPupils(in: viewer.schoolID)
        let day = occurrence.date
        let slice = try await services.storage.timetable.timetable(
            ofClasses: Set(classes.map(\.id)), teacher: nil, in: viewer.schoolID, range: day...day)
        let others = slice.occurrences(in: day...day).filter {
            !$0.isCancelled && !($0.course.id == occurrence.course.id && $0.plannedDate == occurrence.plannedDate)
                && $0.start < occurrence.end && occurrence.start < $0.end
        }
        let rooms = Set([occurrence.room.lowercased()].filter { !$0.isEmpty })
        let other = others.first { other in
            pupils.share(other.course.classID, occurrence.course.classID) || !Set(other.teacherIDs).isDisjoint(with: occurrence.teacherIDs)
                || rooms.contains(other.room.lowercased())
        }
        return other.map { other in
            [other.course.subject, slice.classNames[other.course.classID] ?? "", t("courseTime", ["start": other.start.text, "end": other.end.text])]
                .filter { !$0.isEmpty }.joined(separator: ", ")
        }
    }

    /// What `viewer` may do with online occurrences now: join those open (teachers start them), and, for their
    /// teachers and staff, choose how a course happens.
    func liveLinks(viewer: Viewer, t: Localizer) -> CourseRowModel.LiveLinks {
        let policy = services.policy
        let now = services.clock.now()
        let zone = viewer.school.timeZone
        let today = viewer.school.today(at: now)
        let minute = TimeOfDay.minute(of: now, in: zone)
        let joinLabel = t("liveJoin")
        let startLabel = t("liveStart")
        return CourseRowModel.LiveLinks(
            join: { occurrence in
                guard policy.allows(viewer, .joinCourse(occurrence)), LiveWindow.state(of: occurrence, on: today, minute: minute) == .open else {
                    return nil
                }
                let leads = viewer.role == .teacher || viewer.role == .staff
                return .init(href: Route.join(occurrence.course.id, occurrence.plannedDate).href, label: leads ? startLabel : joinLabel)
            },
            live: { occurrence in
                policy.allows(viewer, .setLiveMode(occurrence.course)) && viewer.role == .teacher
                    ? Route.liveMode(occurrence.course.id, occurrence.plannedDate).href : nil
            },
            roll: { occurrence in
                // From the course's day on (the roll page says when it opens), so the link changes once a day at most.
                viewer.role == .teacher && occurrence.date <= today && policy.allows(viewer, .takeRoll(occurrence))
                    ? AttendanceRoutes.roll.href(occurrence.course.id, occurrence.plannedDate) : nil
            })
    }

    /// The content-version scopes a pupil's timetable depends on: their classes' timetables and the school year.
    static func scopes(of pupil: Viewer.Child, schoolID: School.ID) -> [String] {
        pupil.classIDs.map(ContentVersions.scope(ofTimetable:)) + [ContentVersions.scope(ofSchoolYear: schoolID)]
    }
}
