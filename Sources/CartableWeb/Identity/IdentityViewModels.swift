import CartableCore
import Foundation

/// A choice in a list of options.
struct Choice {
    var value: String
    var label: String
    var isSelected: Bool
}

extension Localizer {
    /// The roles as choices, optionally with "all roles" first.
    func roleChoices(selected: String?, includingAll: Bool) -> [Choice] {
        var choices: [Choice] = []
        if includingAll { choices.append(Choice(value: "", label: self("allRoles"), isSelected: (selected ?? "").isEmpty)) }
        for role in Role.allCases {
            choices.append(Choice(value: role.rawValue, label: self.role(role), isSelected: selected == role.rawValue))
        }
        return choices
    }
}

/// What a person needs to set two-factor sign-in up: the key as text and the app's link.
struct SetUpBlock {
    var key: String
    var link: String
    /// The link as a QR code (inline SVG, drawn by ``QRCode``) for the app to scan; `nil` for a link too long for one.
    var qrCode: String?

    init(_ record: TwoFactor, viewer: Viewer, t: Localizer) {
        key = TwoFactorCodes.typedKey(record.secret)
        link = TwoFactorCodes.authenticatorLink(record.secret, login: viewer.user.login, school: viewer.school.name)
        qrCode = QRCode(link)?.svg(label: t("twoFactorQRCode"))
    }
}
