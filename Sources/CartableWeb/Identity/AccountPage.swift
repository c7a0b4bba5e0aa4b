import CartableCore
import Foundation

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
