import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Staff declare an incident window for their school (the operator declares one for many schools with `cartable incident`).
struct IncidentPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.incidents, use: list)
        router.post(AttendanceRoutes.incidents, use: declare)
        router.post(AttendanceRoutes.proposal, use: decideProposal)
    }

    /// One click: the measured episode becomes the school's incident window (`decision=confirm`), or is set aside (`dismiss`).
    @Sendable func decideProposal(request: Request, context: AppRequestContext, signalID: NodeSignal.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)),
            let signal = try await services.storage.attendance.signal(signalID, for: viewer.schoolID)
        else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let t = context.localizer
        let now = services.clock.now()
        switch form["decision"] {
        case "confirm":
            let note: String =
                switch signal.kind {
                case .waitingRoom: t("proposalNoteWaitingRoom")
                case .database: t("proposalNoteDatabase")
                case .videoServer: t("proposalNoteVideo")
                }
            let window = IncidentWindow(
                id: .make(using: services.identifiers), start: signal.start, end: max(signal.end, signal.start.addingTimeInterval(60)),
                schoolIDs: [viewer.schoolID], scope: signal.kind.scope, server: signal.server, note: note)
            try await services.storage.attendance.decideSignal(signal.id, for: viewer.schoolID, confirmed: window, by: viewer.user.id, at: now)
            return services.redirect(to: AttendanceRoutes.incidents.href, notice: "proposalConfirmed")
        case "dismiss":
            try await services.storage.attendance.decideSignal(signal.id, for: viewer.schoolID, confirmed: nil, by: viewer.user.id, at: now)
            return services.redirect(to: AttendanceRoutes.incidents.href, notice: "proposalDismissed")
        default:
            throw ValidationError([FieldIssue(field: "decision", problem: .invalidChoice)])
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        let server = (try await services.video.settings(for: viewer.schoolID)).bigBlueButtonURL ?? ""
        let values = ["day": services.today(for: viewer).iso, "scope": IncidentWindow.Scope.liveClasses.rawValue, "server": server]
        return try await page(values: values, errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    @Sendable func declare(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.attendanceStaff(context)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = IncidentWindowInput(
            day: form["day"], start: form["start"], end: form["end"], scope: form["scope"], server: form["server"], note: form["note"])
        do {
            let window = try input.validated(
                id: .make(using: services.identifiers), schoolIDs: [viewer.schoolID], zone: viewer.school.timeZone, now: services.clock.now())
            try await services.storage.attendance.addIncidentWindow(window, by: viewer.user.id, at: services.clock.now())
            return services.redirect(to: AttendanceRoutes.incidents.href, notice: "incidentDeclared")
        } catch let error as ValidationError {
            let values = [
                "day": input.day ?? "", "start": input.start ?? "", "end": input.end ?? "", "scope": input.scope ?? "", "server": input.server ?? "",
                "note": input.note ?? "",
            ]
            return try await page(values: values, errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
    }

    private func page(
        values: [String: String], errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let now = services.clock.now()
        let windows = try await services.storage.attendance.incidentWindows(
            of: viewer.schoolID, from: now.addingTimeInterval(-Double(IncidentWindowInput.Limits.past) * 86_400), to: now.addingTimeInterval(86_400))
        let proposals = try await services.storage.attendance.proposedSignals(
            for: viewer.schoolID, since: now.addingTimeInterval(-7 * 86_400), minimumSeconds: services.configuration.incidentProposalSeconds)
        var content = IncidentsPage(windows: windows.reversed(), values: values, errors: errors, zone: viewer.school.timeZone, t: t)
        content.proposals = proposals.map { IncidentsPage.Proposal($0, zone: viewer.school.timeZone, t: t) }
        content.hasProposals = !proposals.isEmpty
        var response = services.page(.incidents, content: content, title: t("incidentsTitle"), section: .classes, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The school's incident windows, newest first, and the form to declare one.
struct IncidentsPage {
    struct Window {
        var when: String
        var what: String
        var note: String?
    }

    struct Choice {
        var value: String
        var label: String
        var isSelected: Bool
    }

    /// An episode the node measured, with its evidence, waiting for staff's click.
    struct Proposal {
        var what: String
        var when: String
        var evidence: String
        var action: String

        init(_ signal: NodeSignal, zone: TimeZone, t: Localizer) {
            what =
                switch signal.kind {
                case .waitingRoom: t("proposalWaitingRoom")
                case .database: t("proposalDatabase")
                case .videoServer: t("proposalVideo", ["server": signal.server])
                }
            let day = LocalDate(containing: signal.start, in: zone)
            let start = t.time(signal.start, in: zone)
            let end = t.time(signal.end, in: zone)
            when = "\(t.day(day).capitalizedFirst), \(t("courseTime", ["start": start, "end": end]))"
            evidence = t("proposalEvidence", ["requests": t.number(signal.requests), "people": t.number(signal.people)])
            action = AttendanceRoutes.proposal.href(signal.id)
        }
    }

    var proposals: [Proposal] = []
    var hasProposals = false
    var windows: [Window]
    var hasWindows: Bool
    var values: [String: String]
    var scopes: [Choice]
    var errors: [String: String]
    var hasErrors: Bool
    var action = AttendanceRoutes.incidents.href

    static func label(of scope: IncidentWindow.Scope, server: String, t: Localizer) -> String {
        switch scope {
        case .platform: t("incidentScopePlatform")
        case .liveClasses: t("incidentScopeLive")
        case .videoServer: server.isEmpty ? t("incidentScopeServer") : "\(t("incidentScopeServer")) (\(server))"
        }
    }

    init(windows: [IncidentWindow], values: [String: String], errors: ValidationError?, zone: TimeZone, t: Localizer) {
        self.windows = windows.map { window in
            let day = LocalDate(containing: window.start, in: zone)
            let start = t.time(window.start, in: zone)
            let end = t.time(window.end, in: zone)
            return Window(
                when: "\(t.day(day).capitalizedFirst), \(t("courseTime", ["start": start, "end": end]))",
                what: Self.label(of: window.scope, server: window.server, t: t), note: window.note.isEmpty ? nil : window.note)
        }
        hasWindows = !self.windows.isEmpty
        self.values = values
        let selected = values["scope"] ?? ""
        scopes = IncidentWindow.Scope.allCases.map { Choice(value: $0.rawValue, label: Self.label(of: $0, server: "", t: t), isSelected: $0.rawValue == selected) }
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
    }
}
