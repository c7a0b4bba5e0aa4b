import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Staff declare the days whose courses happen at home (the whole school, or one class or group), and keep the
/// school's attendance settings (pupils of age justifying their own absences).
struct RemoteDayPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.remoteDays, use: list)
        router.post(AttendanceRoutes.remoteDays, use: declare)
        router.post(AttendanceRoutes.remoteDayRemoval, use: remove)
        router.post(AttendanceRoutes.settings, use: saveSettings)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        return try await page(values: ["day": services.today(for: viewer).iso], errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    @Sendable func declare(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = RemoteDayInput(day: form["day"], classID: form["classID"], note: form["note"])
        let values = ["day": input.day ?? "", "classID": input.classID ?? "", "note": input.note ?? ""]
        do {
            let day = try input.validated(
                id: .make(using: services.identifiers), schoolID: viewer.schoolID, classes: try await services.storage.schools.classes(in: viewer.schoolID),
                today: services.today(for: viewer))
            guard try await services.storage.attendance.addRemoteDay(day, by: viewer.user.id, at: services.clock.now()) else {
                return try await page(
                    values: values, errors: nil, taken: true, status: .conflict, viewer: viewer, request: request, context: context)
            }
            return services.redirect(to: AttendanceRoutes.remoteDays.href, notice: "remoteDayDeclared")
        } catch let error as ValidationError {
            return try await page(values: values, errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
    }

    @Sendable func remove(request: Request, context: AppRequestContext, remoteDayID: RemoteDay.ID) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        guard try await services.storage.attendance.removeRemoteDay(remoteDayID, in: viewer.schoolID, at: services.clock.now()) else { throw NotFound() }
        return services.redirect(to: AttendanceRoutes.remoteDays.href, notice: "remoteDayRemoved")
    }

    @Sendable func saveSettings(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let value = form["pupilsOfAgeJustify"] ?? ""
        guard value.isEmpty || value == "on" else {
            return try await page(
                values: ["day": services.today(for: viewer).iso], errors: ValidationError([FieldIssue(field: "pupilsOfAgeJustify", problem: .invalidChoice)]),
                status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        try await services.storage.attendance.setSettings(
            AttendanceSettings(pupilsOfAgeJustify: value == "on"), of: viewer.schoolID, by: viewer.user.id, at: services.clock.now())
        return services.redirect(to: AttendanceRoutes.remoteDays.href, notice: "attendanceSettingsSaved")
    }

    private func page(
        values: [String: String], errors: ValidationError?, taken: Bool = false, status: HTTPResponse.Status, viewer: Viewer, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let today = services.today(for: viewer)
        let storage = services.storage.attendance
        let days = try await storage.remoteDays(
            in: viewer.schoolID, range: today.adding(days: -RemoteDayInput.Limits.past)...today.adding(days: RemoteDayInput.Limits.future))
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        var fieldErrors = errors.map { t.fieldErrors($0) } ?? [:]
        if taken { fieldErrors["day"] = t("remoteDayTaken") }
        let content = RemoteDaysPage(
            days: days.reversed(), classes: classes, values: values, errors: fieldErrors, settings: try await storage.settings(of: viewer.schoolID), t: t)
        var response = services.page(
            .remoteDays, content: content, title: t("remoteDaysTitle"), section: .classes, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The school's remote days (latest first), the form to declare one, and the attendance settings.
struct RemoteDaysPage {
    struct Day {
        var when: String
        var who: String
        var note: String?
        var removeAction: String
    }

    struct Choice {
        var value: String
        var label: String
        var isSelected: Bool
    }

    var days: [Day]
    var hasDays: Bool
    var classes: [Choice]
    var values: [String: String]
    var errors: [String: String]
    var hasErrors: Bool
    var pupilsOfAgeJustify: Bool
    var action = AttendanceRoutes.remoteDays.href
    var settingsAction = AttendanceRoutes.settings.href

    init(days: [RemoteDay], classes: [SchoolClass], values: [String: String], errors: [String: String], settings: AttendanceSettings, t: Localizer) {
        let names = Dictionary(classes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.days = days.map { day in
            Day(
                when: t.day(day.day).capitalizedFirst, who: day.classID.map { names[$0] ?? t("remoteDayClosedClass") } ?? t("remoteDayWholeSchool"),
                note: day.note.isEmpty ? nil : day.note, removeAction: AttendanceRoutes.remoteDayRemoval.href(day.id))
        }
        hasDays = !self.days.isEmpty
        let selected = values["classID"] ?? ""
        self.classes =
            [Choice(value: "all", label: t("remoteDayWholeSchool"), isSelected: selected.isEmpty || selected == "all")]
            + classes.map { Choice(value: $0.id.rawValue, label: $0.name, isSelected: $0.id.rawValue == selected) }
        self.values = values
        self.errors = errors
        hasErrors = !errors.isEmpty
        pupilsOfAgeJustify = settings.pupilsOfAgeJustify
    }
}
