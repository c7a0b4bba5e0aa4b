import CartableCore
import Foundation

/// The list of signed-in devices.
struct DevicesPage {
    struct Device {
        var label: String
        var isCurrent: Bool
        var isRemembered: Bool
        var createdLabel: String
        var lastSeenLabel: String
        var revokeHref: String
    }

    var devices: [Device]
    var hasOthers: Bool
    /// The security page, for those who may use two-factor sign-in.
    var securityHref: String?

    /// The person's devices in the school's time; `current` is the one asking.
    init(sessions: [DeviceSession], current: DeviceSession.ID?, timeZone: TimeZone, securityHref: String?, t: Localizer) {
        devices = sessions.map { session in
            Device(
                label: session.deviceLabel, isCurrent: session.id == current, isRemembered: session.isRemembered,
                createdLabel: t.dateTime(session.createdAt, in: timeZone), lastSeenLabel: t.dateTime(session.lastSeenAt, in: timeZone),
                revokeHref: Route.revokeDevice(session.id).href)
        }
        hasOthers = devices.contains { !$0.isCurrent }
        self.securityHref = securityHref
    }
}
