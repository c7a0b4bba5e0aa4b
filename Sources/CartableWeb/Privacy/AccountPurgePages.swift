import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging

/// Staff's page of the accounts disabled for longer than the school keeps them: what would go, what
/// stays, the school's period, and the button that purges exactly the accounts listed.
struct AccountPurgePages: Sendable {
    let services: AppServices

    /// How long a school keeps a disabled account until it sets its own period: one school year and
    /// its summer, so that a pupil who leaves in June and is disabled at the start of the next year
    /// is still there if they come back.
    static let defaultDays = 365
    /// The periods a school may choose, in days (a week to ten years).
    static let allowedDays = 7...3650
    /// Most accounts listed (and purged) at once.
    static let shown = 500

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(PrivacyRoutes.accountPurge, use: preview)
        router.post(PrivacyRoutes.accountPurge, use: purge)
        router.post(PrivacyRoutes.retention, use: setRetention)
    }

    private func requirePurger(_ context: AppRequestContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .purgeAccounts(schoolID: viewer.schoolID)) else { throw NotFound() }
        return viewer
    }

    /// The school's period, in days.
    func retentionDays(of schoolID: School.ID) async throws -> Int {
        try await services.storage.purges.retentionDays(of: schoolID) ?? Self.defaultDays
    }

    /// Accounts disabled before this instant may be purged.
    func cutoff(days: Int) -> Date {
        services.clock.now().addingTimeInterval(-Double(days) * 86_400)
    }

    @Sendable func preview(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requirePurger(context)
        return try await page(viewer: viewer, request: request, context: context)
    }

    func page(
        viewer: Viewer, daysText: String? = nil, daysError: String? = nil, purgeError: String? = nil, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let days = try await retentionDays(of: viewer.schoolID)
        let candidates = try await services.storage.purges.purgeCandidates(in: viewer.schoolID, disabledBefore: cutoff(days: days))
        let t = context.localizer
        let content = AccountPurgePage(
            candidates: candidates.prefix(Self.shown), days: days, allowedDays: Self.allowedDays, daysText: daysText, daysError: daysError,
            purgeError: purgeError, timeZone: viewer.school.timeZone, t: t)
        return services.page(.accountPurge, content: content, title: t("purgeTitle"), section: .accounts, request: request, context: context, status: status)
    }

    /// Purges the accounts listed on the page the person saw (the form sends their ids), if each is
    /// still disabled for longer than the period; then deletes the files no record uses any more.
    @Sendable func purge(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requirePurger(context)
        var request = request
        let form = try await request.formData(limit: 64 * 1024)
        let ids = form.all("account").prefix(Self.shown).map { User.ID(rawValue: $0) }
        guard form["confirm"] == "yes" else {
            return try await page(
                viewer: viewer, purgeError: context.localizer("purgeConfirmMissing"), request: request, context: context, status: .unprocessableContent)
        }
        let days = try await retentionDays(of: viewer.schoolID)
        let result = try await services.storage.purges.purge(ids, in: viewer.schoolID, disabledBefore: cutoff(days: days), at: services.clock.now())
        for key in result.unusedFiles { services.blobs.remove(key) }
        let log = SecurityLog(services: services)
        for id in result.purged {
            await log.record(.accountPurged, schoolID: viewer.schoolID, actor: viewer.user.id, subject: id)
        }
        context.logger.notice("accounts purged", metadata: ["count": "\(result.purged.count)", "files": "\(result.unusedFiles.count)"])
        return services.redirect(to: PrivacyRoutes.accountPurge.href, notice: "accountsPurged", count: result.purged.count)
    }

    @Sendable func setRetention(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requirePurger(context)
        var request = request
        let form = try await request.formData(limit: 4 * 1024)
        let text = (form["days"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let days = Int(text), Self.allowedDays.contains(days) else {
            let problem = context.localizer.problem(.notInRange(min: Self.allowedDays.lowerBound, max: Self.allowedDays.upperBound))
            return try await page(viewer: viewer, daysText: String(text.prefix(12)), daysError: problem, request: request, context: context, status: .unprocessableContent)
        }
        try await services.storage.purges.setRetentionDays(days, of: viewer.schoolID, by: viewer.user.id, at: services.clock.now())
        await SecurityLog(services: services).record(.retentionChanged, schoolID: viewer.schoolID, actor: viewer.user.id, subject: nil)
        return services.redirect(to: PrivacyRoutes.accountPurge.href, notice: "retentionSaved")
    }
}
