import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging

/// The privacy page.
struct PrivacyPage {
    var paragraphs: [String]
    var editHref: String?
}
