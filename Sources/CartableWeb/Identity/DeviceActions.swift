import CartableCore
import CartableStore

/// What the devices page and the API both do with one's signed-in devices.
struct DeviceActions: Sendable {
    let services: AppServices

    /// The viewer's devices that are still signed in, most recently used first.
    func devices(of viewer: Viewer) async throws -> [DeviceSession] {
        let now = services.clock.now()
        return try await services.storage.sessions.sessions(of: viewer.user.id).filter {
            services.policy.allows(viewer, .manageSession($0)) && $0.isActive(at: now)
        }
    }

    /// Signs out one of the viewer's devices and returns its id; ``NotFound`` for anything else.
    func revoke(_ id: DeviceSession.ID, viewer: Viewer) async throws -> DeviceSession.ID {
        guard let session = try await services.storage.sessions.sessions(of: viewer.user.id).first(where: { $0.id == id }),
            services.policy.allows(viewer, .manageSession(session)),
            try await services.storage.sessions.revokeSession(id, of: viewer.user.id)
        else { throw NotFound() }
        return id
    }
}
