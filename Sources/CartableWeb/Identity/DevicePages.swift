import CartableCore
import CartableStore
import Hummingbird

/// The list of one's signed-in devices, to revoke the ones not recognised.
struct DevicePages: Sendable {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Route.Pattern.devices, use: devices)
        router.post(Route.Pattern.revokeDevice, use: revoke)
        router.post(Route.Pattern.revokeOtherDevices, use: revokeOthers)
    }

    @Sendable func devices(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let sessions = try await services.storage.sessions.sessions(of: viewer.user.id).filter {
            services.policy.allows(viewer, .manageSession($0)) && $0.isActive(at: services.clock.now())
        }
        let zone = viewer.school.timeZone
        let devices = sessions.map { session in
            DevicesPage.Device(
                label: session.deviceLabel, isCurrent: session.id == context.session?.id, isRemembered: session.isRemembered,
                createdLabel: t.dateTime(session.createdAt, in: zone), lastSeenLabel: t.dateTime(session.lastSeenAt, in: zone),
                revokeHref: Route.revokeDevice(session.id).href)
        }
        return services.page(
            .devices, content: DevicesPage(devices: devices, hasOthers: devices.contains { !$0.isCurrent }), title: t("devicesTitle"),
            section: .devices, request: request, context: context)
    }

    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let id = context.parameters.get("sessionID").flatMap({ DeviceSession.ID(validating: $0) }),
            let session = try await services.storage.sessions.sessions(of: viewer.user.id).first(where: { $0.id == id }),
            services.policy.allows(viewer, .manageSession(session)),
            try await services.storage.sessions.revokeSession(id, of: viewer.user.id)
        else { throw NotFound() }
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
