import CartableCore
import CartableStore
import Hummingbird

/// The list of one's signed-in devices, to revoke the ones not recognised.
struct DevicePages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(IdentityRoutes.devices, use: devices)
        router.post(IdentityRoutes.revokeDevice, use: revoke)
        router.post(IdentityRoutes.revokeOtherDevices, use: revokeOthers)
    }

    @Sendable func devices(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let sessions = try await DeviceActions(services: services).devices(of: viewer)
        let page = DevicesPage(
            sessions: sessions, current: context.session?.id, timeZone: viewer.school.timeZone,
            securityHref: services.policy.allows(viewer, .useTwoFactor) ? IdentityRoutes.security.href : nil, t: t)
        return services.page(.devices, content: page, title: t("devicesTitle"), section: .devices, request: request, context: context)
    }

    @Sendable func revoke(request: Request, context: AppRequestContext, sessionID: DeviceSession.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let id = try await DeviceActions(services: services).revoke(sessionID, viewer: viewer)
        if id == context.session?.id {
            var response = services.redirect(to: Route.signIn(next: nil).href, notice: "signedOut")
            response.setCookie(Cookies.clearSession(isSecure: context.isSecure))
            return response
        }
        return services.redirect(to: Route.devices.href, notice: "deviceRevoked")
    }

    @Sendable func revokeOthers(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        _ = try await services.storage.sessions.revokeSessions(of: viewer.user.id, except: context.session?.id)
        return services.redirect(to: Route.devices.href, notice: "devicesRevoked")
    }
}
