import CartableCore
import CartableStore
import Hummingbird

/// `/api/v1`: the timetable, read only. The same readers and the same cached slices as the pages
/// (``TimetableActions``, ``TimetableReadCache``); a refusal is a 404.
struct TimetableAPI: Sendable {
    let services: AppServices
    var actions: TimetableActions { TimetableActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.API.week, use: week)
        router.get(TimetableRoutes.API.classWeek, use: classWeek)
    }

    /// The viewer's week: a pupil's, a guardian's child's (`?pupil=`), a teacher's own; staff have none (404).
    @Sendable func week(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let query = request.queryData
        let monday = try Self.monday(query["week"], today: services.today(for: viewer))
        let range = monday...monday.adding(days: 6)
        let slice: TimetableSlice
        switch viewer.role {
        case .staff:
            throw NotFound()
        case .teacher:
            slice = try await actions.teacherSlice(viewer: viewer, range: range)
        case .pupil, .guardian:
            guard let pupil = try notebook.followedPupil(query["pupil"], viewer: viewer) else { throw NotFound() }
            slice = try await actions.slice(for: pupil, viewer: viewer, range: range)
        }
        return try JSON.response(model(of: slice, monday: monday, viewer: viewer, context: context))
    }

    /// One class's or group's week, for those who may read its page.
    @Sendable func classWeek(request: Request, context: AppRequestContext, classID: SchoolClass.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let schoolClass = try await actions.readableClass(classID, viewer: viewer)
        let monday = try Self.monday(request.queryData["week"], today: services.today(for: viewer))
        let slice = try await actions.classSlice(schoolClass, viewer: viewer, range: monday...monday.adding(days: 6))
        return try JSON.response(model(of: slice, monday: monday, viewer: viewer, context: context))
    }

    private func model(of slice: TimetableSlice, monday: LocalDate, viewer: Viewer, context: AppRequestContext) -> APIModel.TimetableWeek {
        let policy = services.policy
        return APIModel.TimetableWeek(slice, monday: monday, canJoin: { policy.allows(viewer, .joinCourse($0)) }, t: context.localizer)
    }

    /// The Monday of the week of `text` (any day of it, `YYYY-MM-DD`), this week's when absent; else the `week` field's problem.
    static func monday(_ text: String?, today: LocalDate) throws(ValidationError) -> LocalDate {
        guard let text, !text.isEmpty else { return today.startOfWeek }
        guard let day = LocalDate(iso: text) else { throw ValidationError([FieldIssue(field: "week", problem: .invalidDate)]) }
        let monday = day.startOfWeek
        // Its Monday and Sunday must be days a date can name (years 1 to 9999).
        guard LocalDate(iso: monday.iso) != nil, LocalDate(iso: monday.adding(days: 6).iso) != nil else {
            throw ValidationError([FieldIssue(field: "week", problem: .dateOutOfRange)])
        }
        return monday
    }
}
