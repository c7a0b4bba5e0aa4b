import CartableCore
import CartableStore
import Hummingbird

/// The timetable's pages: the viewer's week, and one class's week.
struct TimetablePages: Sendable {
    let services: AppServices
    var actions: TimetableActions { TimetableActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.week, use: week)
        router.get(TimetableRoutes.classWeek, use: classWeek)
        router.get(TimetableRoutes.occurrence, use: occurrenceForm)
        router.post(TimetableRoutes.occurrence, use: saveOccurrence)
        router.post(TimetableRoutes.resetOccurrence, use: resetOccurrence)
        router.get(TimetableRoutes.extraCourse, use: extraCourseForm)
        router.post(TimetableRoutes.extraCourse, use: addExtraCourse)
        router.post(TimetableRoutes.removeExtra, use: removeExtraCourse)
        router.get(TimetableRoutes.timetableImport, use: importForm)
        router.post(TimetableRoutes.timetableImport, use: importTimetable)
        router.get(TimetableRoutes.schoolYear, use: schoolYearForm)
        router.post(TimetableRoutes.schoolYear, use: saveSchoolYear)
    }

    /// Staff's form for the school year.
    @Sendable func schoolYearForm(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)) else { throw NotFound() }
        let year = try await services.storage.timetable.schoolYear(of: viewer.schoolID)
        return yearForm(values: SchoolYearPage.values(of: year), errors: nil, request: request, context: context)
    }

    /// Saves the school year; a refused one shows the form again with what was typed.
    @Sendable func saveSchoolYear(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = SchoolYearInput(firstDay: form["firstDay"], lastDay: form["lastDay"], weekA: form["weekA"], holidays: form["holidays"])
        do {
            let year = try input.validated(for: viewer.schoolID)
            try await services.storage.timetable.setSchoolYear(year, at: services.clock.now())
            return services.redirect(to: TimetableRoutes.schoolYear.href, notice: "schoolYearSaved")
        } catch let error as ValidationError {
            let values = ["firstDay": form["firstDay"] ?? "", "lastDay": form["lastDay"] ?? "", "weekA": form["weekA"] ?? "", "holidays": form["holidays"] ?? ""]
            return yearForm(values: values, errors: error, request: request, context: context)
        }
    }

    private func yearForm(values: [String: String], errors: ValidationError?, request: Request, context: AppRequestContext) -> Response {
        let t = context.localizer
        let page = SchoolYearPage(values: values, errors: errors.map { t.fieldErrors($0) } ?? [:], hasErrors: errors != nil)
        return services.page(
            .schoolYear, content: page, title: t("yearTitle"), section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    /// Staff's import form.
    @Sendable func importForm(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)) else { throw NotFound() }
        let page = TimetableImportPage(csv: "", from: services.today(for: viewer).iso, preview: nil, applied: false, t: context.localizer)
        return services.page(.timetableImport, content: page, title: context.localizer("csvTitle"), section: .classes, request: request, context: context)
    }

    /// Checks the file and shows what it would do; with `confirm=yes`, applies it (after checking it again).
    @Sendable func importTimetable(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let imports = TimetableImportActions(services: services)
        let csv = form["csv"] ?? ""
        let confirm = form["confirm"] == "yes"
        let preview = confirm ? try await imports.apply(csv, from: form["from"], viewer: viewer) : try await imports.preview(csv, from: form["from"], viewer: viewer)
        let applied = confirm && preview.plan != nil
        let page = TimetableImportPage(csv: applied ? "" : csv, from: form["from"] ?? "", preview: preview, applied: applied, t: context.localizer)
        return services.page(
            .timetableImport, content: page, title: context.localizer("csvTitle"), section: .classes, request: request, context: context,
            status: preview.errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The viewer's week: a pupil's or a guardian's child's courses, a teacher's own; staff go to the classes.
    @Sendable func week(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let query = request.queryData
        let monday = (query["week"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)).startOfWeek
        let range = monday...monday.adding(days: 6)
        switch viewer.role {
        case .staff:
            return services.redirect(to: Route.classes.href)
        case .teacher:
            let slice = try await actions.teacherSlice(viewer: viewer, range: range)
            let today = services.today(for: viewer)
            let open = LiveClassActions.openMarker(
                of: slice.occurrences(in: range), slice: slice, day: today, now: services.clock.now(), zone: viewer.school.timeZone)
            let scopes = [
                ContentVersions.scope(ofTeacherTimetable: viewer.user.id), ContentVersions.scope(ofSchoolYear: viewer.schoolID),
                ContentVersions.scope(ofRollReminders: viewer.user.id), open,
            ]
            return try await services.conditionalPage(request, context: context, scopes: scopes) {
                var page = TimetableWeekPage(
                    heading: t("timetableTitle"), slice: slice, monday: monday, showClass: true, links: actions.liveLinks(viewer: viewer, t: t),
                    link: { Route.timetable(pupil: nil, week: $0).href }, rows: services.courseRows, t: t)
                page.reminders = try await SchoolDayActions(services: services).reminders(viewer: viewer).map { occurrence in
                    let when = "\(t.day(occurrence.date).capitalizedFirst) \(occurrence.start.text)"
                    return TimetableWeekPage.Reminder(
                        text: "\(when) \(occurrence.course.subject) · \(slice.classNames[occurrence.course.classID] ?? "")",
                        rollHref: AttendanceRoutes.roll.href(occurrence.course.id, occurrence.plannedDate))
                }
                return services.page(.timetable, content: page, title: page.heading, section: .timetable, request: request, context: context)
            }
        case .pupil, .guardian:
            guard let pupil = try notebook.followedPupil(query["pupil"], viewer: viewer) else {
                return services.redirect(to: Route.today(pupil: nil).href)
            }
            let scopes = TimetableActions.scopes(of: pupil, schoolID: viewer.schoolID)
            return try await services.conditionalPage(request, context: context, scopes: scopes) {
                let slice = try await actions.slice(for: pupil, viewer: viewer, range: range)
                let heading = viewer.role == .guardian ? t("timetableOf", ["name": pupil.pupil.firstName]) : t("timetableTitle")
                let pupilParameter = viewer.role == .guardian ? pupil.pupil.id : nil
                let page = TimetableWeekPage(
                    heading: heading, slice: slice, monday: monday,
                    childTabs: ChildTab.tabs(for: viewer, current: pupil) { .timetable(pupil: $0, week: monday) }, showClass: false,
                    link: { Route.timetable(pupil: pupilParameter, week: $0).href }, rows: services.courseRows, t: t)
                return services.page(.timetable, content: page, title: heading, section: .timetable, request: request, context: context)
            }
        }
    }

    /// One class's or group's week: its pupils, their guardians, its teachers and staff.
    @Sendable func classWeek(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        let monday = (request.queryData["week"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)).startOfWeek
        let scopes = [ContentVersions.scope(ofTimetable: schoolClass.id), ContentVersions.scope(ofSchoolYear: viewer.schoolID)]
        let canEdit = services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID))
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            let slice = try await actions.classSlice(schoolClass, viewer: viewer, range: monday...monday.adding(days: 6))
            let heading = t("timetableOf", ["name": schoolClass.name])
            let page = TimetableWeekPage(
                heading: heading, slice: slice, monday: monday, showClass: false,
                canEdit: canEdit, addLink: canEdit ? { Route.extraCourse(schoolClass.id, date: $0).href } : nil,
                link: { Route.classTimetable(schoolClass.id, week: $0).href }, rows: services.courseRows, t: t)
            return services.page(.timetable, content: page, title: heading, section: .classes, request: request, context: context)
        }
    }

    /// Staff's form for one occurrence.
    @Sendable func occurrenceForm(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let (occurrence, slice) = try await actions.editableOccurrence(courseID, on: date, viewer: viewer)
        return try await form(occurrence, slice: slice, values: nil, errors: nil, viewer: viewer, request: request, context: context)
    }

    /// Saves staff's change of one occurrence; a refused one shows the form again with what was typed.
    @Sendable func saveOccurrence(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let (occurrence, slice) = try await actions.editableOccurrence(courseID, on: date, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = CourseChangeInput(
            cancelled: form["cancelled"], room: form["room"], date: form["date"], start: form["start"], end: form["end"],
            teacherID: form["teacherID"], note: form["note"])
        do {
            try await actions.saveChange(input, of: occurrence, viewer: viewer, t: context.localizer)
            return services.redirect(to: Route.classTimetable(occurrence.course.classID, week: date).href, notice: "courseChangeSaved")
        } catch let error as ValidationError {
            let values = [
                "cancelled": form["cancelled"] ?? "", "room": form["room"] ?? "", "date": form["date"] ?? "", "start": form["start"] ?? "",
                "end": form["end"] ?? "", "teacherID": form["teacherID"] ?? "", "note": form["note"] ?? "",
            ]
            return try await self.form(occurrence, slice: slice, values: values, errors: error, viewer: viewer, request: request, context: context)
        }
    }

    /// Puts one occurrence back as planned.
    @Sendable func resetOccurrence(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let (occurrence, _) = try await actions.editableOccurrence(courseID, on: date, viewer: viewer)
        try await services.storage.timetable.removeChange(courseID: courseID, plannedDate: date, in: viewer.schoolID, at: services.clock.now())
        return services.redirect(to: Route.classTimetable(occurrence.course.classID, week: date).href, notice: "courseChangeRemoved")
    }

    /// Staff's form for an extra course of a class or group, on the day of the link (`?date=`) if any.
    @Sendable func extraCourseForm(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await editableClass(classID, viewer: viewer)
        let date = request.queryData["date"].flatMap { LocalDate(iso: $0) }?.iso ?? ""
        return try await extraForm(schoolClass, values: ["date": date], errors: nil, viewer: viewer, request: request, context: context)
    }

    /// Adds an extra course; a refused one shows the form again with what was typed, and writes nothing.
    @Sendable func addExtraCourse(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await editableClass(classID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = ExtraCourseInput(
            date: form["date"], start: form["start"], end: form["end"], subject: form["subject"], teacherID: form["teacherID"], room: form["room"])
        do {
            let course = try await actions.addExtraCourse(input, to: schoolClass, viewer: viewer, t: context.localizer)
            return services.redirect(to: Route.classTimetable(schoolClass.id, week: course.validFrom).href, notice: "extraAdded")
        } catch let error as ValidationError {
            let values = ["date", "start", "end", "subject", "teacherID", "room"].reduce(into: [String: String]()) { $0[$1] = form[$1] ?? "" }
            return try await extraForm(schoolClass, values: values, errors: error, viewer: viewer, request: request, context: context)
        }
    }

    /// Removes an extra course (not a weekly one: ``NotFound``); once someone joined it online, refused with the form and
    /// a word why (409): it can still be cancelled.
    @Sendable func removeExtraCourse(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let (occurrence, slice) = try await actions.editableOccurrence(courseID, on: date, viewer: viewer)
        do {
            try await actions.removeExtraCourse(occurrence, viewer: viewer)
            return services.redirect(to: Route.classTimetable(occurrence.course.classID, week: date).href, notice: "extraRemoved")
        } catch is TimetableActions.ExtraCourseHasJoins {
            return try await form(
                occurrence, slice: slice, values: nil, errors: nil, alert: context.localizer("extraHasJoins"), status: .conflict, viewer: viewer,
                request: request, context: context)
        }
    }

    /// A class or group of the viewer's school whose timetable they may edit, else ``NotFound``.
    private func editableClass(_ id: SchoolClass.ID, viewer: Viewer) async throws -> SchoolClass {
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)),
            let schoolClass = try await services.storage.schools.schoolClass(id, in: viewer.schoolID)
        else { throw NotFound() }
        return schoolClass
    }

    private func extraForm(
        _ schoolClass: SchoolClass, values: [String: String], errors: ValidationError?, viewer: Viewer, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let teachers = try await services.storage.identity.users(in: viewer.schoolID, role: .teacher, matching: nil, limit: 1_000, offset: 0)
        let page = ExtraCoursePage(schoolClass: schoolClass, teachers: teachers.filter { !$0.isDisabled }, values: values, errors: errors, t: context.localizer)
        return services.page(
            .extraCourse, content: page, title: page.heading, section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    private func form(
        _ occurrence: CourseOccurrence, slice: TimetableSlice, values: [String: String]?, errors: ValidationError?, alert: String? = nil,
        status: HTTPResponse.Status? = nil, viewer: Viewer, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let teachers = try await services.storage.identity.users(in: viewer.schoolID, role: .teacher, matching: nil, limit: 1_000, offset: 0)
        let page = OccurrenceFormPage(
            occurrence: occurrence, slice: slice, teachers: teachers.filter { !$0.isDisabled }, values: values, errors: errors, alert: alert,
            t: context.localizer)
        return services.page(
            .occurrenceForm, content: page, title: page.heading, section: .classes, request: request, context: context,
            status: status ?? (errors == nil ? .ok : .unprocessableContent))
    }
}
