import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// The roll: the teacher's page for one occurrence, each tap saved at once.
struct AttendancePages: Sendable {
    let services: AppServices
    var actions: AttendanceActions { AttendanceActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.roll, use: roll)
        router.post(AttendanceRoutes.roll, use: saveTap)
        router.post(AttendanceRoutes.rollDone, use: finish)
        router.post(AttendanceRoutes.rollUnjoined, use: markUnjoined)
        router.get(AttendanceRoutes.record, use: record)
    }

    /// A pupil's absences and lateness: their own, or a guardian's child's (`?pupil=`); teachers and staff go to the classes.
    @Sendable func record(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        guard viewer.role == .pupil || viewer.role == .guardian else { return services.redirect(to: Route.classes.href) }
        guard let pupil = try NotebookActions(services: services).followedPupil(request.queryData["pupil"], viewer: viewer) else {
            return services.redirect(to: Route.today(pupil: nil).href)
        }
        let record = try await actions.record(of: pupil, viewer: viewer)
        let canJustify = services.policy.allows(viewer, .justify(pupilID: pupil.pupil.id, schoolID: viewer.schoolID, pupilMayJustify: false))
        let page = AttendanceRecordPage(record, pupil: pupil, viewer: viewer, canJustify: canJustify, t: t)
        var response = services.page(.attendance, content: page, title: page.heading, section: .today, request: request, context: context)
        response.headers[.cacheControl] = "private, no-cache"
        return response
    }

    /// The roll of one occurrence: its teachers (the replacement's roll, the planned teacher reads it) and staff.
    @Sendable func roll(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let view = try await actions.roll(courseID, on: date, viewer: viewer, taking: false)
        var shown = view
        // The planned teacher of a replaced course reads the roll without taking it.
        if !services.policy.allows(viewer, .takeRoll(view.occurrence)) { shown.window = .closed }
        return page(shown, viewer: viewer, errors: nil, status: .ok, request: request, context: context)
    }

    /// One tap: a pupil's status (with minutes for late and left early) and remark, then back to their line.
    @Sendable func saveTap(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let view = try await actions.roll(courseID, on: date, viewer: viewer, taking: true)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = RollMarkInput(pupilID: form["pupilId"], status: form["status"], minutes: form["minutes"], remark: form["remark"], revision: form["revision"])
        do {
            let pupil = try await actions.saveTap(input, in: view, viewer: viewer)
            let target = AttendanceRoutes.roll.href(courseID, date) + "?notice=rollSaved#p-\(pupil.rawValue)"
            return Response(status: .seeOther, headers: [.location: target])
        } catch let error as ValidationError {
            return page(view, viewer: viewer, errors: error, status: .unprocessableContent, request: request, context: context)
        } catch let error as AttendanceActions.RollNotOpen {
            return page(error.view, viewer: viewer, errors: nil, status: .conflict, request: request, context: context)
        }
    }

    /// "The roll is done".
    @Sendable func finish(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let view = try await actions.roll(courseID, on: date, viewer: viewer, taking: true)
        do {
            try await actions.finish(view, viewer: viewer)
            return services.redirect(to: AttendanceRoutes.roll.href(courseID, date), notice: "rollTaken")
        } catch let error as AttendanceActions.RollNotOpen {
            return page(error.view, viewer: viewer, errors: nil, status: .conflict, request: request, context: context)
        }
    }

    /// A live class: the pupils who did not join and were not tapped, marked absent by the teacher's one tap.
    @Sendable func markUnjoined(request: Request, context: AppRequestContext, courseID: WeeklyCourse.ID, date: LocalDate) async throws -> Response {
        let viewer = try context.requireViewer()
        let view = try await actions.roll(courseID, on: date, viewer: viewer, taking: true)
        do {
            _ = try await actions.markUnjoinedAbsent(view, viewer: viewer)
            return services.redirect(to: AttendanceRoutes.roll.href(courseID, date), notice: "rollUnjoinedMarked")
        } catch let error as AttendanceActions.RollNotOpen {
            return page(error.view, viewer: viewer, errors: nil, status: .conflict, request: request, context: context)
        }
    }

    private func page(
        _ view: AttendanceActions.RollView, viewer: Viewer, errors: ValidationError?, status: HTTPResponse.Status, request: Request,
        context: AppRequestContext
    ) -> Response {
        let t = context.localizer
        let content = RollPage(view, zone: viewer.school.timeZone, today: services.today(for: viewer), errors: errors, t: t)
        var response = services.page(.roll, content: content, title: t("rollTitle"), section: .timetable, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
