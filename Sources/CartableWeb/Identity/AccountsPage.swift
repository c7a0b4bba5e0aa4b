import CartableCore
import Foundation

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
