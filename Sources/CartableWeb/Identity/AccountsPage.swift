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

    /// Page `page` of the accounts found (`hasMore`: a next page exists), for a search and a role.
    init(users: [User], search: String, role: Role?, page: Int, hasMore: Bool, t: Localizer) {
        let rows = users.map {
            Row(name: "\($0.lastName) \($0.firstName)", login: $0.login, role: t.role($0.role), isDisabled: $0.isDisabled, href: Route.account($0.id).href)
        }
        self.search = search
        roleChoices = t.roleChoices(selected: role?.rawValue, includingAll: true)
        self.users = rows
        hasUsers = !rows.isEmpty
        previousHref = page > 1 ? Route.accounts(search: search, role: role, page: page - 1).href : nil
        nextHref = hasMore ? Route.accounts(search: search, role: role, page: page + 1).href : nil
    }
}
