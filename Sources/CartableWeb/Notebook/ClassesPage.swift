import CartableCore
import Foundation

/// The list of classes for a teacher or staff.
struct ClassesPage {
    struct Row {
        var name: String
        var href: String
        var subjects: String
    }

    var heading: String
    var canWrite: Bool
    var classes: [Row]
    var hasClasses: Bool
}
