import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// *Rejoindre* and the teacher's choice of how a course happens.
struct LiveClassPages: Sendable {
    let services: AppServices
    var actions: LiveClassActions { LiveClassActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.join, use: join)
        router.get(TimetableRoutes.liveMode, use: modeForm)
        router.post(TimetableRoutes.liveMode, use: saveMode)
        router.post(TimetableRoutes.endLive, use: end)
    }

    /// Sends the person to the live class, or says calmly why not yet (the waiting page retries by itself).
    @Sendable func join(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let outcome = try await actions.join(courseID, on: date, viewer: viewer)
        let message: String
        var status: HTTPResponse.Status = .ok
        var retry: Int?
        switch outcome {
        case .redirect(let target):
            return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
        case .waiting:
            message = t("liveNotStarted")
            // Not everyone in the same second: 5 to 12 s, drawn for each page.
            retry = Int(services.random.number(in: 5...12).rounded())
        case .notYet(let time, let day):
            message = day == services.today(for: viewer) ? t("liveOpensAt", ["time": time.text]) : t("liveOpensOn", ["date": t.day(day), "time": time.text])
            status = .conflict
        case .over:
            message = t("liveOver")
            status = .conflict
        case .cancelled:
            message = t("liveCancelled")
            status = .conflict
        case .inRoom(let room):
            message = room.isEmpty ? t("liveInClass") : t("liveInRoom", ["room": room])
            status = .conflict
        case .failed:
            message = t("liveFailed")
            status = .serviceUnavailable
        }
        let page = LiveJoinPage(message: message, isWaiting: retry != nil, backHref: Route.today(pupil: nil).href)
        var response = services.page(.liveJoin, content: page, title: t("liveTitle"), section: .today, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        if let retry { response.headers[HTTPField.Name("Refresh")!] = String(retry) }
        if status == .serviceUnavailable { response.headers[.retryAfter] = "30" }
        return response
    }

    @Sendable func modeForm(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let (occurrence, slice) = try await actions.occurrence(courseID, on: date, viewer: viewer)
        guard services.policy.allows(viewer, .setLiveMode(occurrence.course)) else { throw NotFound() }
        let available = try await services.video.settings(for: viewer.schoolID).availableKinds
        return form(occurrence, slice: slice, available: available, values: nil, errors: nil, request: request, context: context)
    }

    @Sendable func saveMode(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let (occurrence, slice) = try await actions.occurrence(courseID, on: date, viewer: viewer)
        guard services.policy.allows(viewer, .setLiveMode(occurrence.course)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            try await actions.setMode(LiveModeInput(mode: form["mode"], link: form["link"], scope: form["scope"]), of: occurrence, viewer: viewer)
            return services.redirect(to: Route.timetable(pupil: nil, week: date).href, notice: "liveModeSaved")
        } catch let error as ValidationError {
            let values = ["mode": form["mode"] ?? "", "link": form["link"] ?? "", "scope": form["scope"] ?? ""]
            let available = try await services.video.settings(for: viewer.schoolID).availableKinds
            return self.form(occurrence, slice: slice, available: available, values: values, errors: error, request: request, context: context)
        }
    }

    /// Ends the BigBlueButton meeting of the occurrence (its teachers and staff).
    @Sendable func end(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let (occurrence, _) = try await actions.occurrence(courseID, on: date, viewer: viewer)
        guard services.policy.allows(viewer, .setLiveMode(occurrence.course)),
            let server = services.video.bigBlueButton(try await services.video.settings(for: viewer.schoolID))
        else { throw NotFound() }
        do {
            try await server.end(meetingID: LiveClassActions.meetingID(of: occurrence))
        } catch {
            services.logger.notice("live class end failed", metadata: ["course": "\(occurrence.course.id)", "error": "\(error)"])
        }
        return services.redirect(to: Route.timetable(pupil: nil, week: date).href, notice: "liveEnded")
    }

    private func form(
        _ occurrence: CourseOccurrence, slice: TimetableSlice, available: Set<String>, values: [String: String]?, errors: ValidationError?,
        request: Request, context: AppRequestContext
    ) -> Response {
        let t = context.localizer
        let page = LiveModePage(occurrence: occurrence, slice: slice, available: available, values: values, errors: errors, t: t)
        return services.page(
            .liveMode, content: page, title: page.heading, section: .timetable, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
