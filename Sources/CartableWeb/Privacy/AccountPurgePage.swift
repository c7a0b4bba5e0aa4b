import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging

/// The page of accounts to purge.
struct AccountPurgePage {
    struct Row {
        var id: String
        var name: String
        var login: String
        var role: String
        var disabledSince: String
        var removed: String
        var kept: String
    }
    var intro: String
    var days: String
    var daysError: String?
    var minimumDays: Int
    var maximumDays: Int
    var rows: [Row]
    var hasRows: Bool
    var purgeButton: String
    var purgeError: String?
}
