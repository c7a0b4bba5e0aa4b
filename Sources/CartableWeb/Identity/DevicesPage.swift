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
}
