import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The school's events over a period, for the alert list and the CSV export (staff only).
struct SchoolAttendance: Sendable {
    let services: AppServices

    struct Period: Sendable {
        var items: [AttendanceActions.Record.Item]
        var people: [User.ID: User]
        var classNames: [SchoolClass.ID: String]
    }

    func period(_ range: ClosedRange<LocalDate>, viewer: Viewer) async throws -> Period {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let storage = services.storage
        let schoolID = viewer.schoolID
        let classes = try await storage.schools.classes(in: schoolID)
        let slice = try await services.timetableReads.timetable(
            ofClasses: Set(classes.map(\.id)), teacher: nil, in: schoolID, range: range, storage: storage)
        let items = try await AttendanceEvents.items(
            of: try await storage.attendance.marks(in: schoolID, range: range), slice: slice,
            lifted: try await storage.attendance.liftedIncidents(in: schoolID, range: range),
            justifications: try await storage.attendance.justifications(in: schoolID, overlapping: range), range: range, viewer: viewer,
            services: services)
        var people: [User.ID: User] = [:]
        for id in Set(items.map(\.event.pupilID)) {
            if let user = try await storage.identity.user(id, in: schoolID) { people[id] = user }
        }
        return Period(items: items, people: people, classNames: Dictionary(classes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }))
    }
}

struct AlertPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AttendanceRoutes.alerts, use: alerts)
        router.get(AttendanceRoutes.export, use: export)
    }

    /// Pupils with at least four unjustified half-days in a month of the school year so far (incidents never count).
    @Sendable func alerts(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let range = try await AttendanceActions(services: services).yearSoFar(viewer: viewer)
        let period = try await SchoolAttendance(services: services).period(range, viewer: viewer)
        let alerts = AttendanceSummary.alerts(period.items.map(\.event))
        let today = services.today(for: viewer)
        let (year, month, _) = today.components
        let monthStart = LocalDate(year: year, month: month, day: 1) ?? today
        let content = AlertsPage(
            alerts: alerts.map { alert in
                let user = period.people[alert.pupilID]
                let parts = alert.month.split(separator: "-").compactMap { Int($0) }
                let first = parts.count == 2 ? LocalDate(year: parts[0], month: parts[1], day: 1) : nil
                let last = parts.count == 2
                    ? LocalDate(year: parts[1] == 12 ? parts[0] + 1 : parts[0], month: parts[1] == 12 ? 1 : parts[1] + 1, day: 1)?.adding(days: -1) : nil
                let monthName = parts.count == 2 ? "\(t("month\(parts[1])")) \(parts[0])" : alert.month
                return AlertsPage.Alert(
                    pupil: user?.displayName ?? "", month: monthName,
                    count: t("alertsCount", ["count": String(alert.unjustifiedHalfDays)]),
                    recordHref: AttendanceRoutes.pupilRecord.href(alert.pupilID)
                        + (first.map { "?from=\($0.iso)&to=\(min(last ?? today, today).iso)" } ?? ""))
            }, exportFrom: monthStart.iso, exportTo: today.iso, t: t)
        var response = services.page(.alerts, content: content, title: t("alertsTitle"), section: .classes, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A period's absences, lateness and early leaves as CSV for a spreadsheet: `;`-separated, UTF-8 with a BOM, one
    /// line each; incidents are marked and never count as unjustified.
    @Sendable func export(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let t = context.localizer
        let query = request.queryData
        let today = services.today(for: viewer)
        guard let from = query["from"].flatMap({ LocalDate(iso: $0) }), let to = query["to"].flatMap({ LocalDate(iso: $0) }), from <= to,
            from.days(until: to) <= 366
        else {
            let page = ErrorPage(
                heading: t("exportRefusedTitle"), message: t("exportRefused"), issues: [], retry: false, backHref: AttendanceRoutes.alerts.href,
                backLabel: t("back"))
            return services.page(.error, content: page, title: page.heading, section: .none, request: request, context: context, status: .badRequest)
        }
        let period = try await SchoolAttendance(services: services).period(from...to, viewer: viewer)
        let items = period.items.sorted {
            ($0.occurrence.date, $0.occurrence.start, period.people[$0.event.pupilID]?.lastName ?? "")
                < ($1.occurrence.date, $1.occurrence.start, period.people[$1.event.pupilID]?.lastName ?? "")
        }
        var csv = "\u{FEFF}" + CSVLine.make([
            t("exportDate"), t("exportStart"), t("exportEnd"), t("exportClass"), t("exportLastName"), t("exportFirstName"), t("exportSubject"),
            t("exportStatus"), t("exportMinutes"), t("exportJustification"), t("exportReason"), t("exportIncident"), t("exportCounts"),
        ])
        for item in items {
            let event = item.event
            let user = period.people[event.pupilID]
            let status: String =
                switch event.status {
                case .absent, .present: t("rollAbsent")
                case .late: t("rollLate")
                case .leftEarly: t("rollLeftEarly")
                }
            let justification: String =
                switch event.justification {
                case .none: ""
                case .pending: t("exportPending")
                case .accepted: t("exportAccepted")
                case .refused: t("exportRefusedState")
                }
            let countsUnjustified = event.countsAsAbsence && !event.isJustified
            csv += CSVLine.make([
                item.occurrence.date.iso, item.occurrence.start.text, item.occurrence.end.text, period.classNames[item.occurrence.course.classID] ?? "",
                user?.lastName ?? "", user?.firstName ?? "", item.occurrence.course.subject, status, event.minutes.map(String.init) ?? "",
                justification, event.reason?.label ?? "", event.isIncident ? t("exportYes") : "", countsUnjustified ? t("exportYes") : t("exportNo"),
            ])
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"absences-\(from.iso)-\(to.iso).csv\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}

/// One CSV line: fields quoted when they must be, and a leading `=`, `+`, `-` or `@` neutralised so that a spreadsheet
/// never reads a name or a subject as a formula.
enum CSVLine {
    static func make(_ fields: [String]) -> String {
        fields.map { field in
            var value = field
            if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
            if value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }.joined(separator: ";") + "\r\n"
    }
}

/// The alert list and the export form.
struct AlertsPage {
    struct Alert {
        var pupil: String
        var month: String
        var count: String
        var recordHref: String
    }

    var alerts: [Alert]
    var hasAlerts: Bool
    var threshold: String
    var exportAction = AttendanceRoutes.export.href
    var exportFrom: String
    var exportTo: String

    init(alerts: [Alert], exportFrom: String, exportTo: String, t: Localizer) {
        self.alerts = alerts
        hasAlerts = !alerts.isEmpty
        threshold = t("alertsIntro", ["count": String(AttendanceSummary.alertThreshold)])
        self.exportFrom = exportFrom
        self.exportTo = exportTo
    }
}
