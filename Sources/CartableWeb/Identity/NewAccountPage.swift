import CartableCore
import Foundation

/// The form for a new account.
struct NewAccountPage {
    var values: [String: String]
    var roleChoices: [Choice]
    var errors: [String: String]
    var hasErrors: Bool
}
