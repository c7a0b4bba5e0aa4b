import CartableCore
import CartableStore
import Hummingbird

/// The school's security log, for its staff: the latest events, newest first.
struct SecurityLogPages: Sendable {
    let services: AppServices

    /// Events shown on the page (the log itself keeps the retention period's worth).
    static let shown = 300

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(IdentityRoutes.securityLog, use: log)
    }

    @Sendable func log(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .readSecurityLog(schoolID: viewer.schoolID)) else { throw NotFound() }
        let entries = try await services.storage.securityLog.events(in: viewer.schoolID, limit: Self.shown)
        let t = context.localizer
        let zone = viewer.school.timeZone
        let rows = entries.map { entry in
            SecurityLogPage.Row(
                when: t.dateTime(entry.event.at, in: zone), what: t("securityEvent_\(entry.event.kind.rawValue)"),
                isWarning: [.signInFailed, .codeFailed, .twoFactorOff, .accountDisabled, .accountPurged].contains(entry.event.kind),
                subject: entry.subjectName ?? "", actor: entry.event.actorID == entry.event.subjectID ? "" : entry.actorName ?? t("securityByCommandLine"),
                address: entry.event.address ?? "", device: entry.event.device ?? "")
        }
        let page = SecurityLogPage(rows: rows, isEmpty: rows.isEmpty, retention: t("securityLogRetention", ["days": String(services.configuration.securityLogDays)]))
        return services.page(.securityLog, content: page, title: t("securityLogTitle"), section: .accounts, request: request, context: context)
    }
}
