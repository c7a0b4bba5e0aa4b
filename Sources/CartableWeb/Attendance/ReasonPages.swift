import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Staff keep the school's list of reasons, each with its two settings.
struct ReasonPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.reasons, use: list)
        router.post(AttendanceRoutes.reasons, use: add)
        router.post(AttendanceRoutes.reason, use: change)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        try await page(viewer: try services.attendanceStaff(context), values: [:], errors: nil, request: request, context: context)
    }

    @Sendable func add(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        return try await save(.make(using: services.identifiers), viewer: viewer, request: request, context: context)
    }

    @Sendable func change(request: Request, context: AppRequestContext, reasonID: AbsenceReason.ID) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        guard try await services.storage.attendance.reasons(in: viewer.schoolID).contains(where: { $0.id == reasonID }) else { throw NotFound() }
        return try await save(reasonID, viewer: viewer, request: request, context: context)
    }

    private func save(_ id: AbsenceReason.ID, viewer: Viewer, request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = AbsenceReasonInput(label: form["label"], countsAsAbsence: form["countsAsAbsence"], needsProof: form["needsProof"])
        do {
            let reason = try input.validated(id: id, schoolID: viewer.schoolID)
            guard try await services.storage.attendance.saveReason(reason, at: services.clock.now()) else {
                return try await page(
                    viewer: viewer, values: ["label": input.label ?? ""], errors: [:], taken: true, request: request, context: context)
            }
            return services.redirect(to: AttendanceRoutes.reasons.href, notice: "reasonSaved")
        } catch let error as ValidationError {
            return try await page(
                viewer: viewer, values: ["label": input.label ?? ""], errors: context.localizer.fieldErrors(error), taken: false, request: request,
                context: context)
        }
    }

    /// The list and the form; `errors` by field after a refusal, `taken` when the label is another reason's.
    private func page(
        viewer: Viewer, values: [String: String], errors: [String: String]?, taken: Bool = false, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let reasons = try await services.storage.attendance.reasons(in: viewer.schoolID)
        var fieldErrors = errors ?? [:]
        if taken { fieldErrors["label"] = t("reasonTaken") }
        let content = ReasonsPage(
            reasons: reasons.map {
                .init(label: $0.label, countsAsAbsence: $0.countsAsAbsence, needsProof: $0.needsProof, action: AttendanceRoutes.reason.href($0.id))
            }, values: values, errors: fieldErrors, hasErrors: errors != nil)
        var response = services.page(
            .reasons, content: content, title: t("reasonsTitle"), section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

struct ReasonsPage {
    struct Reason {
        var label: String
        var countsAsAbsence: Bool
        var needsProof: Bool
        var action: String
    }

    var reasons: [Reason]
    var values: [String: String]
    var errors: [String: String]
    var hasErrors: Bool
    var action = AttendanceRoutes.reasons.href
}
