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
        router.get(AttendanceRoutes.pupilRecord, use: pupilRecord)
        router.post(AttendanceRoutes.liftIncident, use: liftIncident)
        router.post(AttendanceRoutes.recordPeriod, use: recordPeriod)
    }

    /// Staff's absence over a period; a refused one shows the record again with the form's errors.
    @Sendable func recordPeriod(request: Request, context: AppRequestContext, pupilID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let pupil = try await staffPupil(pupilID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = JustificationInput(reasonID: form["reason"], from: form["from"], to: form["to"], comment: form["comment"])
        do {
            let count = try await actions.recordPeriod(input, of: pupil, viewer: viewer)
            return services.redirect(to: AttendanceRoutes.pupilRecord.href(pupil.pupil.id), notice: "periodRecorded", count: count)
        } catch let error as ValidationError {
            return try await staffRecord(
                pupil, period: nil, periodForm: ["reason": input.reasonID ?? "", "from": input.from ?? "", "to": input.to ?? "", "comment": input.comment ?? ""],
                errors: error, viewer: viewer, request: request, context: context)
        }
    }

    /// A pupil of the school as staff follow them; anyone else, another school's pupil, or not a pupil: ``NotFound``.
    private func staffPupil(_ id: User.ID, viewer: Viewer) async throws -> Viewer.Child {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)),
            let found = try await services.storage.identity.viewer(for: id), found.schoolID == viewer.schoolID, found.role == .pupil
        else { throw NotFound() }
        return Viewer.Child(pupil: found.user, classIDs: found.classIDs)
    }

    /// Staff's view of one pupil over a period (`?from=&to=`, by default the school year so far), incidents liftable one by one.
    @Sendable func pupilRecord(request: Request, context: AppRequestContext, pupilID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let pupil = try await staffPupil(pupilID, viewer: viewer)
        let query = request.queryData
        var period: ClosedRange<LocalDate>?
        if let from = query["from"].flatMap({ LocalDate(iso: $0) }) {
            let to = query["to"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)
            // A period typed backwards is read the right way round; at most a school year.
            let (first, last) = from <= to ? (from, to) : (to, from)
            period = max(first, last.adding(days: -366))...last
        }
        return try await staffRecord(pupil, period: period, periodForm: [:], errors: nil, viewer: viewer, request: request, context: context)
    }

    private func staffRecord(
        _ pupil: Viewer.Child, period: ClosedRange<LocalDate>?, periodForm: [String: String], errors: ValidationError?, viewer: Viewer,
        request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let record = try await actions.record(of: pupil, viewer: viewer, period: period)
        var page = AttendanceRecordPage(record, pupil: pupil, viewer: viewer, canJustify: false, canLift: true, t: t)
        let reasons = try await services.storage.attendance.reasons(in: viewer.schoolID)
        page.absenceForm = .init(
            pupil: pupil, reasons: reasons, values: periodForm.isEmpty ? ["from": services.today(for: viewer).iso] : periodForm, errors: errors, t: t)
        var response = services.page(
            .attendance, content: page, title: page.heading, section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Lifts (`lifted=1`: the pupil was truly absent, the absence counts) or restores (`0`) one incident.
    @Sendable func liftIncident(request: Request, context: AppRequestContext, pupilID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let pupil = try await staffPupil(pupilID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        guard let courseID = form["courseID"].flatMap(WeeklyCourse.ID.init(validating:)), let date = form["date"].flatMap({ LocalDate(iso: $0) }),
            let windowID = form["windowID"].flatMap(IncidentWindow.ID.init(validating:)), let lifted = ["1": true, "0": false][form["lifted"] ?? ""]
        else { throw NotFound() }
        // Only an incident the record shows: the pupil's absence from that occurrence, covered by that window.
        let record = try await actions.record(of: pupil, viewer: viewer, period: date...date)
        guard
            record.items.contains(where: { item in
                guard item.occurrence.course.id == courseID, item.occurrence.plannedDate == date else { return false }
                switch item.event.incident {
                case .window(let id), .lifted(let id): return id == windowID
                case .none: return false
                }
            })
        else { throw NotFound() }
        try await services.storage.attendance.setIncidentLifted(
            lifted, window: windowID, courseID: courseID, plannedDate: date, pupilID: pupil.pupil.id, in: viewer.schoolID, by: viewer.user.id,
            at: services.clock.now())
        return services.redirect(
            to: AttendanceRoutes.pupilRecord.href(pupil.pupil.id), notice: lifted ? "incidentLifted" : "incidentRestored")
    }

    /// A pupil's absences and lateness: their own, or a guardian's child's (`?pupil=`); teachers and staff go to the classes.
    @Sendable func record(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        guard viewer.role == .pupil || viewer.role == .guardian else { return services.redirect(to: Route.classes.href) }
        guard let pupil = try NotebookActions(services: services).followedPupil(request.queryData["pupil"], viewer: viewer) else {
            return services.redirect(to: Route.today(pupil: nil).href)
        }
        // What it shows moves the pupil's version (a mark, a justification, a lift) or the school's day (a window).
        let scopes = AppServices.scopes(of: pupil) + TimetableActions.scopes(of: pupil, schoolID: viewer.schoolID)
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            let record = try await actions.record(of: pupil, viewer: viewer)
            let mayJustify = try await JustificationActions(services: services).pupilMayJustify(viewer: viewer)
            let canJustify = services.policy.allows(viewer, .justify(pupilID: pupil.pupil.id, schoolID: viewer.schoolID, pupilMayJustify: mayJustify))
            let page = AttendanceRecordPage(record, pupil: pupil, viewer: viewer, canJustify: canJustify, t: t)
            return services.page(.attendance, content: page, title: page.heading, section: .today, request: request, context: context)
        }
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
