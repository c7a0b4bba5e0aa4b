import CartableCore
import CartableStore
import Foundation

/// Staff's form for the school's privacy text.
struct PrivacyFormPage {
    var text: String
    var error: String?
    var action: String
}
