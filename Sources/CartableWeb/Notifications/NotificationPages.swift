import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// The secret of an unsubscribe link, as its path segment.
struct UnsubscribeToken: PathParameter, Hashable {
    let secret: String

    init?(pathSegment: String) {
        guard SessionToken.isWellFormed(pathSegment) else { return nil }
        secret = pathSegment
    }

    var pathSegment: String { secret }
}

enum NotificationRoutes {
    /// One's e-mail and quiet hours.
    static let settings = Path("/account/notifications")
    /// The link at the bottom of every e-mail: no session, the secret in the path (GET asks, POST does, one click).
    static let unsubscribe = Path1<UnsubscribeToken>("/notifications/unsubscribe/:unsubscribeToken")

    static let all: [any DeclaredPath] = [settings, unsubscribe]
}

extension Path1 where Value == UnsubscribeToken {
    func href(_ secret: String) -> String { "/notifications/unsubscribe/\(secret)" }
}

struct NotificationPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(NotificationRoutes.settings, use: settings)
        router.post(NotificationRoutes.settings, use: save)
    }

    /// On the group without session or form token (like calendar feeds): the link works from any mail client.
    func addUnsubscribeRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(NotificationRoutes.unsubscribe, use: unsubscribePage)
        router.post(NotificationRoutes.unsubscribe, use: unsubscribe)
    }

    @Sendable func settings(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let current = try await Notifier(services: services).settings(of: [viewer.user], in: viewer.schoolID)[viewer.user.id]
            ?? NotificationSettings.defaults(for: viewer.user)
        return page(NotificationSettingsPage(current, smtp: services.configuration.smtp != nil, t: context.localizer), errors: nil, status: .ok, request: request, context: context)
    }

    private func page(_ content: NotificationSettingsPage, errors: ValidationError?, status: HTTPResponse.Status, request: Request, context: AppRequestContext)
        -> Response
    {
        var content = content
        content.errors = errors.map { context.localizer.fieldErrors($0) } ?? [:]
        content.hasErrors = errors != nil
        var response = services.page(
            .notificationSettings, content: content, title: context.localizer("notificationsTitle"), section: .devices, request: request, context: context,
            status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = NotificationSettingsInput(
            email: form["email"], mode: form["mode"], quietOn: form["quiet"] == "1", quietFrom: form["quietFrom"], quietTo: form["quietTo"],
            quietWeekends: form["quietWeekends"] == "1")
        let store = services.storage.notifications
        let saved = try await store.settings(of: [viewer.user.id], in: viewer.schoolID)[viewer.user.id]
        do {
            let settings = try input.validated(for: viewer.user.id, token: saved?.unsubscribeToken)
            try await store.save(settings, in: viewer.schoolID, token: SessionToken.make(), at: services.clock.now())
            return services.redirect(to: NotificationRoutes.settings.href, notice: "notificationsSaved")
        } catch let error as ValidationError {
            var shown = NotificationSettingsPage(saved ?? .defaults(for: viewer.user), smtp: services.configuration.smtp != nil, t: context.localizer)
            shown.email = form["email"] ?? ""
            return page(shown, errors: error, status: .unprocessableContent, request: request, context: context)
        }
    }

    @Sendable func unsubscribePage(request: Request, context: AppRequestContext, token: UnsubscribeToken) async throws -> Response {
        let content = UnsubscribePage(action: NotificationRoutes.unsubscribe.href(token.secret), done: false)
        var response = services.page(.unsubscribe, content: content, title: context.localizer("unsubscribeTitle"), section: .none, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func unsubscribe(request: Request, context: AppRequestContext, token: UnsubscribeToken) async throws -> Response {
        guard try await services.storage.notifications.unsubscribe(token: token.secret, at: services.clock.now()) != nil else { throw NotFound() }
        let content = UnsubscribePage(action: "", done: true)
        var response = services.page(.unsubscribe, content: content, title: context.localizer("unsubscribeTitle"), section: .none, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

struct NotificationSettingsPage {
    struct Choice {
        var value: String
        var label: String
        var isChecked: Bool
    }

    var action = NotificationRoutes.settings.href
    var email: String
    var modes: [Choice]
    var quietOn: Bool
    var quietFrom: String
    var quietTo: String
    var quietWeekends: Bool
    var smtp: Bool
    var errors: [String: String] = [:]
    var hasErrors = false

    init(_ settings: NotificationSettings, smtp: Bool, t: Localizer) {
        email = settings.email ?? ""
        let labels: [EmailMode: String] = [
            .off: t("emailModeOff"), .immediate: t("emailModeImmediate"), .daily: t("emailModeDaily"), .weekly: t("emailModeWeekly"),
        ]
        modes = EmailMode.allCases.map { Choice(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, isChecked: $0 == settings.emailMode) }
        quietOn = settings.quiet != nil
        let quiet = settings.quiet ?? .guardianDefault
        quietFrom = TimeOfDay(minutes: quiet.from)?.text ?? "19:00"
        quietTo = TimeOfDay(minutes: quiet.to)?.text ?? "07:30"
        quietWeekends = quiet.weekends
        self.smtp = smtp
    }
}

struct UnsubscribePage {
    var action: String
    var done: Bool
}
