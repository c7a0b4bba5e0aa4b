import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Vie scolaire's day page and the reminder to a teacher.
struct SchoolDayPages: Sendable {
    let services: AppServices
    var actions: SchoolDayActions { SchoolDayActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.schoolDay, use: day)
        router.post(AttendanceRoutes.remind, use: remind)
    }

    @Sendable func day(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let day = request.queryData["date"].flatMap { LocalDate(iso: $0) } ?? services.today(for: viewer)
        let found = try await actions.day(day, viewer: viewer)
        let t = context.localizer
        let content = SchoolDayPage(found, today: services.today(for: viewer), csrf: context.csrfToken, t: t)
        var response = services.page(.schoolDay, content: content, title: content.heading, section: .classes, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func remind(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        guard let courseID = form["courseID"].flatMap(WeeklyCourse.ID.init(validating:)), let date = form["date"].flatMap({ LocalDate(iso: $0) }) else {
            throw NotFound()
        }
        let back = AttendanceRoutes.schoolDay.href(query: ["date": date.iso, "notice": nil])
        guard try await actions.remind(courseID, on: date, viewer: viewer) else {
            return services.redirect(to: back, notice: "rollNothingToRemind")
        }
        return services.redirect(to: back, notice: "rollReminded")
    }
}

/// What vie scolaire sees of a day.
struct SchoolDayPage {
    struct Absence {
        var time: String
        var pupil: String
        var className: String
        var course: String
        var what: String
        var justification: String?
        var isIncident: Bool
        var recordHref: String
    }

    struct Missing {
        var time: String
        var course: String
        var teachers: String
        var rollHref: String
        var isReminded: Bool
        var remindAction: String
        var courseID: String
        var date: String
    }

    var heading: String
    var previousHref: String
    var nextHref: String?
    var rollsLine: String
    var justificationsLine: String?
    var justificationsHref: String
    var absences: [Absence]
    var hasAbsences: Bool
    var missing: [Missing]
    var hasMissing: Bool
    var csrf: String

    init(_ day: SchoolDayActions.Day, today: LocalDate, csrf: String, t: Localizer) {
        heading = t("schoolDayTitle", ["date": t.day(day.day)])
        previousHref = AttendanceRoutes.schoolDay.href(query: ["date": day.day.adding(days: -1).iso])
        nextHref = day.day < today ? AttendanceRoutes.schoolDay.href(query: ["date": day.day.adding(days: 1).iso]) : nil
        rollsLine = t("schoolDayRolls", ["taken": String(day.rollsTaken), "due": String(day.rollsDue)])
        justificationsLine = day.pendingJustifications > 0 ? t("schoolDayPending", ["count": String(day.pendingJustifications)]) : nil
        justificationsHref = AttendanceRoutes.justifications.href
        absences = day.absences.map { absence in
            let what = absence.event.said(t)
            let justification: String? =
                switch absence.event.justification {
                case .none: nil
                case .pending: t("schoolDayJustificationPending")
                case .accepted: t("schoolDayJustified")
                case .refused: t("justificationRefused")
                }
            return Absence(
                time: t("courseTime", ["start": absence.occurrence.start.text, "end": absence.occurrence.end.text]),
                pupil: absence.pupil?.displayName ?? "", className: absence.className, course: absence.occurrence.course.subject,
                what: what, justification: justification, isIncident: absence.event.isIncident,
                recordHref: AttendanceRoutes.pupilRecord.href(absence.event.pupilID))
        }
        hasAbsences = !absences.isEmpty
        missing = day.missing.map { roll in
            Missing(
                time: t("courseTime", ["start": roll.occurrence.start.text, "end": roll.occurrence.end.text]),
                course: "\(roll.occurrence.course.subject) · \(roll.className)", teachers: roll.teachers.joined(separator: ", "),
                rollHref: AttendanceRoutes.roll.href(roll.occurrence.course.id, roll.occurrence.plannedDate), isReminded: roll.isReminded,
                remindAction: AttendanceRoutes.remind.href, courseID: roll.occurrence.course.id.rawValue, date: roll.occurrence.plannedDate.iso)
        }
        hasMissing = !missing.isEmpty
        self.csrf = csrf
    }
}
