import CartableCore
import Foundation

/// The sign-in's second step: a code, or setting it up first.
struct SignInCodePage {
    var setUp: SetUpBlock?
    var error: String?
    var next: String
    var action: String
}
