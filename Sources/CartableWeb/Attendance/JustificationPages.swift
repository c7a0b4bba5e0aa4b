import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Justifications: a guardian's form, staff's list and decisions, the proof's download.
struct JustificationPages: Sendable {
    let services: AppServices
    var actions: JustificationActions { JustificationActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.justify, use: form)
        router.post(AttendanceRoutes.justify, use: submit)
        router.get(AttendanceRoutes.justifications, use: list)
        router.post(AttendanceRoutes.decision, use: decide)
        router.get(AttendanceRoutes.proof, use: proof)
    }

    /// The form, for one child, the day of the absence filled in from the link.
    @Sendable func form(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let query = request.queryData
        let pupil = try await actions.justifiablePupil(query["pupil"], viewer: viewer)
        let day = query["date"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)
        return try await page(pupil, values: ["from": day.iso, "to": day.iso], errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    /// The form sent (with or without a file): recorded as pending, then back to the child's record.
    @Sendable func submit(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        // Who may justify is checked before the body is read, as far as it can be (the child is named in the body): a
        // teacher's upload, or a pupil's who may not justify, is never stored.
        let mayJustify =
            viewer.role == .guardian ? !viewer.children.isEmpty : viewer.role == .pupil ? try await actions.pupilMayJustify(viewer: viewer) : false
        guard mayJustify else { throw NotFound() }
        let fields: FormData
        var proof: StoredFile?
        var request = request
        do {
            if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
                let upload = try await MultipartUpload.read(request, blobs: services.blobs, fileLimit: services.configuration.uploadLimits.fileSize)
                fields = upload.fields
                proof = upload.file
            } else {
                fields = try await request.formData(limit: services.configuration.maximumBodySize)
            }
        } catch let error as BlobTooLarge {
            let pupil = try await actions.justifiablePupil(request.queryData["pupil"], viewer: viewer)
            return try await page(pupil, values: [:], errors: error.issues, status: .contentTooLarge, viewer: viewer, request: request, context: context)
        } catch let error as ValidationError {
            // The file was refused (its kind, a virus): nothing was kept.
            let pupil = try await actions.justifiablePupil(request.queryData["pupil"], viewer: viewer)
            return try await page(pupil, values: [:], errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        let pupil = try await actions.justifiablePupil(fields["pupil"], viewer: viewer)
        let input = JustificationInput(reasonID: fields["reason"], from: fields["from"], to: fields["to"], comment: fields["comment"])
        do {
            _ = try await actions.submit(input, proof: proof, for: pupil, viewer: viewer)
        } catch let error as ValidationError {
            let values = ["reason": input.reasonID ?? "", "from": input.from ?? "", "to": input.to ?? "", "comment": input.comment ?? ""]
            return try await page(pupil, values: values, errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        let target = AttendanceRoutes.record.href(query: ["pupil": viewer.role == .guardian ? pupil.pupil.id.rawValue : nil, "notice": "justificationSent"])
        return Response(status: .seeOther, headers: [.location: target])
    }

    private func page(
        _ pupil: Viewer.Child, values: [String: String], errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let reasons = try await actions.reasons(viewer: viewer)
        let content = JustifyPage(pupil: pupil, reasons: reasons, values: values, errors: errors, csrf: context.csrfToken, t: t)
        var response = services.page(.justify, content: content, title: content.heading, section: .today, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Staff's list of what waits for them.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        return try await listPage(viewer: viewer, errors: nil, status: .ok, request: request, context: context)
    }

    private func listPage(viewer: Viewer, errors: ValidationError?, status: HTTPResponse.Status, request: Request, context: AppRequestContext) async throws
        -> Response
    {
        let t = context.localizer
        let pending = try await actions.pending(viewer: viewer)
        let content = JustificationsPage(pending: pending, errors: errors, zone: viewer.school.timeZone, t: t)
        var response = services.page(
            .justifications, content: content, title: t("justificationsTitle"), section: .classes, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Accept or refuse one.
    @Sendable func decide(request: Request, context: AppRequestContext, id: Justification.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            let state = try await actions.decide(id, JustificationDecisionInput(decision: form["decision"], note: form["note"]), viewer: viewer)
            return services.redirect(
                to: AttendanceRoutes.justifications.href, notice: state == .accepted ? "justificationAcceptedNotice" : "justificationRefusedNotice")
        } catch let error as ValidationError {
            return try await listPage(viewer: viewer, errors: error, status: .unprocessableContent, request: request, context: context)
        }
    }

    /// The proof, as documents are sent (its own type, a sandbox, never run as the site).
    @Sendable func proof(request: Request, context: AppRequestContext, id: Justification.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let justification = try await actions.readableJustification(id, viewer: viewer)
        guard let file = justification.proof else { throw NotFound() }
        return try await FileDownload.response(for: file, blobs: services.blobs, context: context)
    }
}

/// The guardian's form.
struct JustifyPage {
    struct Choice {
        var id: String
        var label: String
        var isSelected: Bool
    }

    var heading: String
    var action: String
    var pupilID: String
    var values: [String: String]
    var reasons: [Choice]
    var hasReasons: Bool
    var proofHint: String?
    var errors: [String: String]
    var hasErrors: Bool
    var backHref: String

    init(pupil: Viewer.Child, reasons: [AbsenceReason], values: [String: String], errors: ValidationError?, csrf: String, t: Localizer) {
        heading = t("justifyTitle", ["name": pupil.pupil.firstName])
        // A file comes with the form: the token travels in the address (see CSRFMiddleware).
        action = AttendanceRoutes.justify.href(query: ["_csrf": csrf, "pupil": pupil.pupil.id.rawValue])
        pupilID = pupil.pupil.id.rawValue
        self.values = values
        let selected = values["reason"] ?? ""
        self.reasons = reasons.map { Choice(id: $0.id.rawValue, label: $0.label, isSelected: $0.id.rawValue == selected) }
        hasReasons = !reasons.isEmpty
        let needing = reasons.filter(\.needsProof).map(\.label)
        proofHint = needing.isEmpty ? nil : t("justifyProofHint", ["reasons": needing.joined(separator: ", ")])
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
        backHref = Route.attendance(pupil: pupil.pupil.id).href
    }
}

/// Staff's list: each justification waiting, with accept and refuse.
struct JustificationsPage {
    struct Item {
        var id: String
        var pupil: String
        var period: String
        var reason: String
        var needsProof: Bool
        var comment: String?
        var sentBy: String
        var proofHref: String?
        var proofName: String?
        var action: String
    }

    var items: [Item]
    var hasItems: Bool
    var errorText: String?

    init(pending: [JustificationActions.Pending], errors: ValidationError?, zone: TimeZone, t: Localizer) {
        items = pending.map { entry in
            let j = entry.justification
            let period = j.from == j.to ? t.day(j.from).capitalizedFirst : t("justificationPeriod", ["from": t.day(j.from), "to": t.day(j.to)])
            return Item(
                id: j.id.rawValue, pupil: entry.pupil?.displayName ?? "", period: period, reason: entry.reason?.label ?? "",
                needsProof: entry.reason?.needsProof ?? false, comment: j.comment.isEmpty ? nil : j.comment,
                sentBy: t("justificationSentBy", ["name": entry.sender?.displayName ?? "", "date": t.day(LocalDate(containing: j.submittedAt, in: zone))]),
                proofHref: j.proof.map { _ in AttendanceRoutes.proof.href(j.id) }, proofName: j.proof?.name,
                action: AttendanceRoutes.decision.href(j.id))
        }
        hasItems = !items.isEmpty
        errorText = errors.map { t.fieldErrors($0).values.sorted().joined(separator: " ") }
    }
}
