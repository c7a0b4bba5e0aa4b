import CartableCore
import CartableStore
import Hummingbird

/// `/api/v1`: today's work, classes and notebook entries.
struct NotebookAPI: Sendable {
    let services: AppServices
    var actions: NotebookActions { NotebookActions(services: services) }

    /// Longest range of dates one listing may cover.
    static let maximumRange = 62

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(NotebookRoutes.API.today, use: today)
        router.get(NotebookRoutes.API.classes, use: classes)
        router.get(NotebookRoutes.API.classEntries, use: listEntries)
        router.post(NotebookRoutes.API.classEntries, use: createEntry)
        router.get(NotebookRoutes.API.entry, use: entry)
        router.put(NotebookRoutes.API.entry, use: updateEntry)
        router.delete(NotebookRoutes.API.entry, use: deleteEntry)
    }

    @Sendable func today(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let pupil = try actions.followedPupil(request.queryData["pupil"], viewer: viewer) else { throw NotFound() }
        let due = try await actions.dueWork(for: pupil, viewer: viewer)
        return try JSON.response(
            APIModel.Today(
                pupil: .init(pupil.pupil), today: due.today.iso,
                days: due.days.map { .init(date: $0.date.iso, entries: $0.entries.map(APIModel.Entry.init)) }))
    }

    @Sendable func classes(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let readable = services.policy.readableClassIDs(viewer)
        let classes = try await services.storage.schools.classes(in: viewer.schoolID).filter { readable?.contains($0.id) ?? true }
        return try JSON.response(APIModel.ClassList(classes: classes.map(APIModel.SchoolClass.init)))
    }

    @Sendable func listEntries(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        let query = request.queryData
        let today = services.today(for: viewer)
        var issues: [FieldIssue] = []
        func date(_ name: String, default value: LocalDate) -> LocalDate {
            guard let text = query[name], !text.isEmpty else { return value }
            guard let date = LocalDate(iso: text) else {
                issues.append(FieldIssue(field: name, problem: .invalidDate))
                return value
            }
            return date
        }
        let from = date("from", default: today.startOfWeek)
        let to = date("to", default: from.adding(days: 6))
        if issues.isEmpty && (to < from || from.days(until: to) > Self.maximumRange) {
            issues.append(FieldIssue(field: "to", problem: .dateOutOfRange))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        let entries = try await services.storage.notebook.entries(of: [schoolClass.id], in: viewer.schoolID, sessionDates: from...to)
        return try JSON.response(APIModel.EntryList(entries: entries.map(APIModel.Entry.init)))
    }

    @Sendable func createEntry(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let body = try await JSON.decode(APIModel.EntryBody.self, from: &request, limit: services.configuration.maximumBodySize)
        let entries: [NotebookEntry]
        do {
            entries = try await actions.createEntries(rawClassIDs: [classID.rawValue] + (body.otherClassIDs ?? []), input: body.input, viewer: viewer)
        } catch var error as ValidationError {
            // The form's field is `classID`; here the classes beyond the path's are `otherClassIds`.
            error.issues = error.issues.map { $0.field == "classID" ? FieldIssue(field: "otherClassIds", problem: $0.problem) : $0 }
            throw error
        }
        return try JSON.response(APIModel.EntryList(entries: entries.map(APIModel.Entry.init)), status: .created)
    }

    @Sendable func entry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await actions.readableEntry(entryID, viewer: viewer)
        return try JSON.response(APIModel.Entry(entry))
    }

    @Sendable func updateEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let entry = try await actions.editableEntry(entryID, viewer: viewer)
        let body = try await JSON.decode(APIModel.EntryBody.self, from: &request, limit: services.configuration.maximumBodySize)
        return try JSON.response(APIModel.Entry(try await actions.updateEntry(entry, input: body.input, viewer: viewer)))
    }

    @Sendable func deleteEntry(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        _ = try await actions.deleteEntry(entryID, viewer: viewer)
        return Response(status: .noContent)
    }
}
