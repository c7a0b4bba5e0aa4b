import CartableCore
import CartableStore
import Foundation

/// The form that turns an entry into work to hand in.
struct AssignmentFormPage {
    struct Choice {
        var value: String
        var label: String
        var isChecked: Bool
    }

    var heading: String
    var entrySummary: String
    var action: String
    var values: [String: String]
    var kinds: [Choice]
    var allowsLate: Bool
    var errors: [String: String]
    var hasErrors: Bool
    var cancelHref: String
    var isNew: Bool

    init(entry: NotebookEntry, isNew: Bool, values: [String: String], allowsLate: Bool, errors: [String: String], t: Localizer) {
        heading = isNew ? t("assignmentNewTitle") : t("assignmentEditTitle")
        entrySummary = "\(entry.content.subject) · \(entry.className)"
        action = Route.assignmentForm(entry.id).href
        self.values = values
        let chosen = values["answerKinds"] ?? Assignment.AnswerKinds.both.rawValue
        kinds = Assignment.AnswerKinds.allCases.map {
            Choice(value: $0.rawValue, label: t("answerKinds_\($0.rawValue)"), isChecked: $0.rawValue == chosen)
        }
        self.allowsLate = allowsLate
        self.errors = errors
        hasErrors = !errors.isEmpty
        cancelHref = Route.entry(entry.id).href
        self.isNew = isNew
    }
}
