import CartableCore
import CartableStore
import Hummingbird

/// The notebook's pages: *Aujourd'hui*, weeks of the notebook, classes, and writing entries.
struct NotebookPages: Sendable {
    let services: AppServices
    var actions: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(NotebookRoutes.today, use: today)
        router.get(NotebookRoutes.pupilNotebook, use: pupilNotebook)
        router.get(NotebookRoutes.classes, use: classes)
        router.get(NotebookRoutes.classNotebook, use: classNotebook)
        router.get(NotebookRoutes.newEntry, use: newEntry)
        router.post(NotebookRoutes.entries, use: createEntry)
        router.get(NotebookRoutes.entry, use: entry)
        router.get(NotebookRoutes.editEntry, use: editEntry)
        router.post(NotebookRoutes.entry, use: updateEntry)
        router.post(NotebookRoutes.deleteEntry, use: deleteEntry)
    }

    /// *Aujourd'hui*: the work due, for a pupil or for the chosen child of a guardian.
    @Sendable func today(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        guard viewer.role == .pupil || viewer.role == .guardian else { return services.redirect(to: Route.classes.href) }
        guard let pupil = try actions.followedPupil(request.queryData["pupil"], viewer: viewer) else {
            return noPupil(request: request, context: context)
        }
        // The day's courses come from memory (shared by the class); which live classes are open now is part of the
        // page's identity, so *Rejoindre* appears when a class opens and goes when it ends, and not otherwise.
        let timetable = TimetableActions(services: services)
        let day = services.today(for: viewer)
        let open = try await timetable.openMarker(for: pupil, viewer: viewer, day: day)
        let scopes =
            AppServices.scopes(of: pupil) + TimetableActions.scopes(of: pupil, schoolID: viewer.schoolID) + [open]
            + AnnouncementActions.scopes(of: pupil, schoolID: viewer.schoolID)
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            let courses = try await timetable.slice(for: pupil, viewer: viewer, range: day...day)
            let absences = try await AttendanceActions(services: services).today(of: pupil, slice: courses, day: day, viewer: viewer)
            let due = try await actions.dueWork(for: pupil, viewer: viewer)
            let extras = try await actions.cardExtras(for: due.days.flatMap(\.entries), pupilID: pupil.pupil.id, viewer: viewer)
            let title = viewer.role == .guardian ? "\(t("todayTitle")) · \(pupil.pupil.firstName)" : t("todayTitle")
            var content = TodayPage(
                due: due, courses: courses, absences: absences, links: timetable.liveLinks(viewer: viewer, t: t), pupil: pupil, viewer: viewer,
                extras: extras, rows: services.courseRows, t: t)
            content.announcements = AnnouncementsPage.items(
                try await AnnouncementActions(services: services).shown(for: pupil, viewer: viewer), pupil: pupil, t: t, zone: viewer.school.timeZone)
            return services.page(.today, content: content, title: title, section: .today, request: request, context: context)
        }
    }

    /// A pupil's week across all their classes and groups.
    @Sendable func pupilNotebook(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard viewer.role == .pupil || viewer.role == .guardian else { return services.redirect(to: Route.classes.href) }
        let query = request.queryData
        guard let pupil = try actions.followedPupil(query["pupil"], viewer: viewer) else {
            return noPupil(request: request, context: context)
        }
        return try await services.conditionalPage(request, context: context, scopes: AppServices.scopes(of: pupil)) {
            try await pupilWeek(pupil, query: query, viewer: viewer, request: request, context: context)
        }
    }

    private func pupilWeek(_ pupil: Viewer.Child, query: FormData, viewer: Viewer, request: Request, context: AppRequestContext) async throws
        -> Response
    {
        let t = context.localizer
        let anyDay = query["week"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)
        let week = NotebookWeek.range(containing: anyDay)
        let entries = try await services.classReads.entries(
            of: pupil.classIDs, in: viewer.schoolID, kind: .session, range: week, storage: services.storage)
        let pupilParameter = viewer.role == .guardian ? pupil.pupil.id : nil
        let tabs = ChildTab.tabs(for: viewer, current: pupil) { Route.pupilNotebook(pupil: $0, week: week.lowerBound) }
        let heading = viewer.role == .guardian ? t("notebookOf", ["name": pupil.pupil.firstName]) : t("notebookTitle")
        let extras = try await actions.cardExtras(for: entries, pupilID: pupil.pupil.id, viewer: viewer)
        let page = NotebookPage(
            heading: heading, week: NotebookWeek(entries: entries, anyDay: anyDay), childTabs: tabs, extras: extras,
            link: { Route.pupilNotebook(pupil: pupilParameter, week: $0).href }, t: t)
        return services.page(.notebook, content: page, title: heading, section: .notebook, request: request, context: context)
    }

    /// The classes a teacher teaches, or every class for staff.
    @Sendable func classes(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        guard viewer.role == .teacher || viewer.role == .staff else { return services.redirect(to: Route.today(pupil: nil).href) }
        let readable = services.policy.readableClassIDs(viewer)
        let all = try await services.storage.schools.classes(in: viewer.schoolID)
        var page = ClassesPage.notebooks(
            of: all.filter { readable?.contains($0.id) ?? true }, viewer: viewer, canWrite: services.policy.allows(viewer, .writeSomeNotebook), t: t)
        page.canImportTimetable = services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID))
        if services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) { page.justificationsHref = AttendanceRoutes.justifications.href }
        return services.page(.classes, content: page, title: page.heading, section: .classes, request: request, context: context)
    }

    /// One class's week.
    @Sendable func classNotebook(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        var scopes = [ContentVersions.scope(of: schoolClass.id)]
        if viewer.role == .pupil { scopes.append(ContentVersions.scope(ofPupil: viewer.user.id)) }
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            try await classWeek(schoolClass, viewer: viewer, request: request, context: context)
        }
    }

    private func classWeek(_ schoolClass: SchoolClass, viewer: Viewer, request: Request, context: AppRequestContext) async throws -> Response {
        let t = context.localizer
        let anyDay = request.queryData["week"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)
        let entries = try await services.classReads.entries(
            of: [schoolClass.id], in: viewer.schoolID, kind: .session, range: NotebookWeek.range(containing: anyDay), storage: services.storage)
        let heading = t("notebookOf", ["name": schoolClass.name])
        let canWrite = services.policy.allows(viewer, .postToClass(classID: schoolClass.id, schoolID: schoolClass.schoolID))
        let extras = try await actions.cardExtras(
            for: entries, pupilID: viewer.role == .pupil ? viewer.user.id : nil, viewer: viewer)
        let page = NotebookPage(
            heading: heading, week: NotebookWeek(entries: entries, anyDay: anyDay), canWrite: canWrite,
            newEntryHref: Route.newEntry(classID: schoolClass.id).href, documentsHref: Route.classDocuments(schoolClass.id).href,
            extras: extras, link: { Route.classNotebook(schoolClass.id, week: $0).href }, t: t)
        let section: LayoutModel.Section = viewer.role == .pupil || viewer.role == .guardian ? .notebook : .classes
        return services.page(.notebook, content: page, title: heading, section: section, request: request, context: context)
    }

    /// One entry.
    @Sendable func entry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await actions.readableEntry(entryID, viewer: viewer)
        let pupils = services.policy.followedPupils(viewer).filter { $0.classIDs.contains(entry.classID) }
        let scopes = [ContentVersions.scope(of: entry.classID)] + pupils.map { ContentVersions.scope(ofPupil: $0.pupil.id) }
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            try await entryPage(entry, viewer: viewer, request: request, context: context)
        }
    }

    private func entryPage(_ entry: NotebookEntry, viewer: Viewer, request: Request, context: AppRequestContext) async throws -> Response {
        let canEdit = services.policy.allows(viewer, .editEntry(entry))
        let back: String =
            switch viewer.role {
            case .pupil: Route.pupilNotebook(pupil: nil, week: entry.content.sessionDate).href
            case .guardian:
                Route.pupilNotebook(
                    pupil: viewer.children.first { $0.classIDs.contains(entry.classID) }?.pupil.id, week: entry.content.sessionDate
                ).href
            case .teacher, .staff: Route.classNotebook(entry.classID, week: entry.content.sessionDate).href
            }
        let t = context.localizer
        let shared = try await services.classReads.extras(of: [entry], in: viewer.schoolID, storage: services.storage)[entry.id]
        let assignment = shared?.assignment
        var work: [AssignmentBadge] = []
        if let assignment {
            let pupils = services.policy.followedPupils(viewer).filter { $0.classIDs.contains(entry.classID) }
            if pupils.isEmpty && services.policy.allows(viewer, .readAllSubmissions(assignment)) {
                work.append(.submissions(of: assignment, t: t))
            }
            let isGuardian = viewer.role == .guardian
            for pupil in pupils {
                let submission = try await services.storage.assignments.submission(of: pupil.pupil.id, to: assignment.id, in: viewer.schoolID)
                work.append(
                    AssignmentBadge(
                        assignment: assignment, pupilID: pupil.pupil.id, submission: submission, isGuardian: isGuardian,
                        now: services.clock.now(), action: isGuardian ? t("seeWork") : t("doTheWork"),
                        labelPrefix: isGuardian ? pupil.pupil.firstName : nil, t: t))
            }
        }
        let documents = shared?.documents ?? []
        let page = EntryPage(
            entry: entry, canEdit: canEdit, backHref: back, documents: documents,
            canAddDocuments: canEdit && services.policy.allows(viewer, .addDocuments(classID: entry.classID, schoolID: entry.schoolID)),
            csrf: context.csrfToken, limits: services.configuration.uploadLimits, assignment: assignment, work: work,
            canSetAssignment: services.policy.allows(viewer, .setAssignment(entry)), t: t)
        return services.page(
            .entry, content: page, title: "\(entry.content.subject) · \(entry.className)", section: .none, request: request, context: context)
    }

    /// The form for a new entry.
    @Sendable func newEntry(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .writeSomeNotebook) else { throw NotFound() }
        let postable = try await actions.postableClasses(viewer: viewer)
        var checked: Set<String> = []
        if let classID = request.queryData["class"], !classID.isEmpty {
            guard let chosen = postable.first(where: { $0.id.rawValue == classID.lowercased() }) else { throw NotFound() }
            checked.insert(chosen.id.rawValue)
        }
        let today = services.today(for: viewer)
        return try await entryForm(
            viewer: viewer, entry: nil, checkedClassIDs: checked,
            values: ["sessionDate": today.iso, "subject": viewer.teachings.first?.subject ?? ""], links: [], errors: nil,
            request: request, context: context)
    }

    /// Posts a new entry to one or several classes.
    @Sendable func createEntry(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = Self.entryInput(from: form)
        let classIDs = form.all("classID")
        do {
            let entries = try await actions.createEntries(rawClassIDs: classIDs, input: input, viewer: viewer)
            guard let first = entries.first else { throw NotFound() }
            if entries.count == 1 {
                return services.redirect(to: Route.entry(first.id).href, notice: "entryPublished")
            }
            return services.redirect(
                to: Route.classNotebook(first.classID, week: first.content.sessionDate).href, notice: "entriesPublished", count: entries.count)
        } catch let error as ValidationError {
            return try await entryForm(
                viewer: viewer, entry: nil, checkedClassIDs: Set(classIDs), values: Self.values(from: form), links: Self.links(from: form),
                errors: error, request: request, context: context)
        }
    }

    /// The form to change an entry.
    @Sendable func editEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await actions.editableEntry(entryID, viewer: viewer)
        let content = entry.content
        let values = [
            "subject": content.subject, "sessionDate": content.sessionDate.iso, "done": content.done, "work": content.work,
            "dueDate": content.dueDate?.iso ?? "", "estimatedMinutes": content.estimatedMinutes.map(String.init) ?? "",
        ]
        return try await entryForm(
            viewer: viewer, entry: entry, checkedClassIDs: [], values: values,
            links: content.links.map { EntryFormPage.LinkRow(title: $0.title, url: $0.url) }, errors: nil, request: request, context: context)
    }

    /// Saves the changes to an entry.
    @Sendable func updateEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await actions.editableEntry(entryID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            let updated = try await actions.updateEntry(entry, input: Self.entryInput(from: form), viewer: viewer)
            return services.redirect(to: Route.entry(updated.id).href, notice: "entrySaved")
        } catch let error as ValidationError {
            return try await entryForm(
                viewer: viewer, entry: entry, checkedClassIDs: [], values: Self.values(from: form), links: Self.links(from: form),
                errors: error, request: request, context: context)
        }
    }

    /// Deletes an entry.
    @Sendable func deleteEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry: NotebookEntry
        do {
            entry = try await actions.deleteEntry(entryID, viewer: viewer)
        } catch let conflict as Conflict {
            guard conflict.reason == .workStarted else { throw conflict }
            return services.redirect(to: Route.entry(entryID).href, notice: "entryHasWork")
        }
        return services.redirect(to: Route.classNotebook(entry.classID, week: entry.content.sessionDate).href, notice: "entryDeleted")
    }

    // MARK: - Helpers

    private func noPupil(request: Request, context: AppRequestContext) -> Response {
        let t = context.localizer
        let page = ErrorPage(
            heading: t("todayTitle"), message: t("noPupil"), issues: [], retry: false, backHref: Route.devices.href, backLabel: t("navDevices"))
        return services.page(.error, content: page, title: t("todayTitle"), section: .today, request: request, context: context)
    }

    private func entryForm(
        viewer: Viewer, entry: NotebookEntry?, checkedClassIDs: Set<String>, values: [String: String], links: [EntryFormPage.LinkRow],
        errors: ValidationError?, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let classes = try await actions.postableClasses(viewer: viewer)
        var subjects: [String] = []
        for teaching in viewer.teachings where entry == nil || teaching.classID == entry?.classID {
            if !subjects.contains(teaching.subject) { subjects.append(teaching.subject) }
        }
        if let current = entry?.content.subject, !subjects.contains(current) { subjects.insert(current, at: 0) }
        let selected = values["subject"] ?? ""
        var rows = links
        while rows.count < max(3, links.count + 1) && rows.count < EntryInput.Limits.links { rows.append(.init(title: "", url: "")) }
        var fieldErrors = errors.map { t.fieldErrors($0) } ?? [:]
        if errors?.problem(for: "classID") == .required { fieldErrors["classID"] = t("problemChooseClass") }
        let page = EntryFormPage(
            heading: entry == nil ? t("newEntryTitle") : t("editEntryTitle"), isNew: entry == nil,
            action: entry.map { Route.updateEntry($0.id).href } ?? Route.createEntry.href, className: entry?.className ?? "",
            classChoices: classes.map { .init(id: $0.id.rawValue, name: $0.name, isChecked: checkedClassIDs.contains($0.id.rawValue)) },
            subjectChoices: subjects.map { .init(value: $0, isSelected: $0 == selected) }, values: values, linkRows: rows,
            errors: fieldErrors, hasErrors: errors != nil, submitLabel: entry == nil ? t("publish") : t("save"),
            cancelHref: entry.map { Route.entry($0.id).href } ?? Route.classes.href)
        return services.page(
            .entryForm, content: page, title: page.heading, section: entry == nil ? .newEntry : .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    static func entryInput(from form: FormData) -> EntryInput {
        EntryInput(
            subject: form["subject"], sessionDate: form["sessionDate"], done: form["done"], work: form["work"], dueDate: form["dueDate"],
            estimatedMinutes: form["estimatedMinutes"], links: linkPairs(from: form).map { EntryInput.LinkInput(title: $0.title, url: $0.url) })
    }

    /// The link rows of the form, title and address paired by position (a missing title is empty).
    static func linkPairs(from form: FormData) -> [(title: String, url: String)] {
        let titles = form.all("linkTitle")
        return form.all("linkURL").enumerated().map { (index, url) in (index < titles.count ? titles[index] : "", url) }
    }

    static func values(from form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for name in ["subject", "sessionDate", "done", "work", "dueDate", "estimatedMinutes"] { values[name] = form[name] ?? "" }
        return values
    }

    static func links(from form: FormData) -> [EntryFormPage.LinkRow] {
        linkPairs(from: form).filter { !$0.title.isEmpty || !$0.url.isEmpty }.map { .init(title: $0.title, url: $0.url) }
    }
}
