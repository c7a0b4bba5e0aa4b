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
        let page = SecurityLogPage(entries: entries, timeZone: viewer.school.timeZone, retentionDays: services.configuration.securityLogDays, t: t)
        return services.page(.securityLog, content: page, title: t("securityLogTitle"), section: .accounts, request: request, context: context)
    }
}
