import CartableCore
import Foundation

/// Ten recovery codes, shown once.
struct RecoveryCodesPage {
    var codes: [String]
    var continueHref: String
}
