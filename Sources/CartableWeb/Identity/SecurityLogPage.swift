import CartableCore
import CartableStore
import Hummingbird

/// The security log's page.
struct SecurityLogPage {
    struct Row {
        var when: String
        var what: String
        var isWarning: Bool
        var subject: String
        var actor: String
        var address: String
        var device: String
    }

    var rows: [Row]
    var isEmpty: Bool
    var retention: String
}
