import CartableCore
import Foundation

/// The sign-in form.
struct SignInPage {
    var failed: Bool
    var login: String
    var remember: Bool
    var next: String
}
