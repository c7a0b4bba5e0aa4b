import CartableCore
import Foundation

/// The sign-in form.
struct SignInPage {
    var failed: Bool
    var login: String
    var remember: Bool
    var next: String
}

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

/// A choice in a list of options.
struct Choice {
    var value: String
    var label: String
    var isSelected: Bool
}

/// Staff's list of accounts.
struct AccountsPage {
    struct Row {
        var name: String
        var login: String
        var role: String
        var isDisabled: Bool
        var href: String
    }

    var search: String
    var roleChoices: [Choice]
    var users: [Row]
    var hasUsers: Bool
    var previousHref: String?
    var nextHref: String?
}

/// The form for a new account.
struct NewAccountPage {
    var values: [String: String]
    var roleChoices: [Choice]
    var errors: [String: String]
    var hasErrors: Bool
}

/// One account, for staff.
struct AccountPage {
    var name: String
    var login: String
    var role: String
    var isDisabled: Bool
    var passwordHref: String
    var disableHref: String
    var enableHref: String
    var personalDataHref: String
    var passwordError: String?

    init(user: User, passwordError: String? = nil, t: Localizer) {
        name = user.displayName
        login = user.login
        role = t.role(user.role)
        isDisabled = user.isDisabled
        passwordHref = Route.accountPassword(user.id).href
        disableHref = Route.disableAccount(user.id).href
        enableHref = Route.enableAccount(user.id).href
        personalDataHref = PrivacyRoutes.personalData.href(user.id)
        self.passwordError = passwordError
    }
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

/// The sign-in's second step: a code, or setting it up first.
struct SignInCodePage {
    var setUp: SetUpBlock?
    var error: String?
    var next: String
    var action: String
}

/// Ten recovery codes, shown once.
struct RecoveryCodesPage {
    var codes: [String]
    var continueHref: String
}

/// The account's security page.
struct SecurityPage {
    var isOn: Bool
    var setUp: SetUpBlock?
    var unusedCodes: String
    var canTurnOff: Bool
    var isRequiredForStaff: Bool
    var managesSchool: Bool
    var codeError: String?
    var startAction = IdentityRoutes.startTwoFactor.href
    var confirmAction = IdentityRoutes.confirmTwoFactor.href
    var turnOffAction = IdentityRoutes.turnOffTwoFactor.href
    var recoveryAction = IdentityRoutes.newRecoveryCodes.href
    var staffAction = IdentityRoutes.staffTwoFactor.href

    init(record: TwoFactor?, viewer: Viewer, unusedCodes: Int, isRequiredForStaff: Bool, managesSchool: Bool, errors: [String: String], t: Localizer) {
        isOn = record?.isOn == true
        setUp = record.flatMap { $0.isOn ? nil : SetUpBlock($0, viewer: viewer, t: t) }
        self.unusedCodes = t("recoveryCodesLeft", ["count": String(unusedCodes)])
        canTurnOff = !(viewer.role == .staff && isRequiredForStaff)
        self.isRequiredForStaff = isRequiredForStaff
        self.managesSchool = managesSchool
        codeError = errors["code"]
    }
}
