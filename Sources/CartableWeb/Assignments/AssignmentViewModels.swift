import CartableCore
import CartableStore
import Foundation

/// Words for where a pupil's work stands, with the deadline taken into account.
struct AssignmentState {
    var label: String
    /// A CSS class: `todo`, `draft`, `done`, `late`, `returned`.
    var tone: String

    init(submission: Submission?, assignment: Assignment, now: Date, t: Localizer) {
        let state = submission?.state ?? .notStarted
        switch state {
        case .notStarted, .draft:
            if now > assignment.settings.dueAt {
                label = t("stateOverdue")
                tone = "late"
            } else {
                label = t(state.labelKey)
                tone = state == .draft ? "draft" : "todo"
            }
        case .handedIn:
            label = t(state.labelKey)
            tone = "done"
        case .late:
            label = t(state.labelKey)
            tone = "late"
        case .returned:
            label = t(state.labelKey)
            tone = "returned"
        }
    }
}

/// A file in a list: name, size, where to get it.
struct FileRow {
    var name: String
    var size: String
    var href: String
    var deleteHref: String?

    init(_ file: StoredFile, href: String, deleteHref: String? = nil, t: Localizer) {
        name = file.name
        size = t.bytes(file.size)
        self.href = href
        self.deleteHref = deleteHref
    }

    static func documents(_ documents: [Document], canDelete: Bool, t: Localizer) -> [FileRow] {
        documents.map {
            FileRow($0.file, href: Route.document($0.id).href, deleteHref: canDelete ? Route.deleteDocument($0.id).href : nil, t: t)
        }
    }
}

/// The deadline in words: "À rendre le lundi 30 novembre à 18:00".
func dueWords(_ assignment: Assignment, t: Localizer) -> String {
    t("handInBy", ["date": t.day(assignment.settings.dueDate), "time": assignment.settings.dueTime])
}
