import CartableCore
import Foundation

/// The form to write or change an entry.
struct EntryFormPage {
    struct ClassChoice {
        var id: String
        var name: String
        var isChecked: Bool
    }

    struct SubjectChoice {
        var value: String
        var isSelected: Bool
    }

    struct LinkRow {
        var title: String
        var url: String
    }

    var heading: String
    var isNew: Bool
    var action: String
    var className: String
    var classChoices: [ClassChoice]
    var subjectChoices: [SubjectChoice]
    var values: [String: String]
    var linkRows: [LinkRow]
    var errors: [String: String]
    var hasErrors: Bool
    var submitLabel: String
    var cancelHref: String
}
