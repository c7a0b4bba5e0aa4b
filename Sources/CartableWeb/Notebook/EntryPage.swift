import CartableCore
import Foundation

/// One entry on its own page.
struct EntryPage {
    var subject: String
    var className: String
    var teacherName: String
    var sessionLabel: String
    var done: String?
    var work: String?
    var dueLabel: String
    var minutes: String?
    var links: [EntryLink]
    var hasLinks: Bool
    var canEdit: Bool
    var editHref: String
    var deleteHref: String
    var backHref: String
    var documents: [FileRow]
    var hasDocuments: Bool
    var canAddDocuments: Bool
    var uploadAction: String
    var maxFileSize: String
    /// The work to hand in, as this viewer sees it.
    var workLinks: [AssignmentBadge]
    var hasWorkLinks: Bool
    var due: String?
    var assignmentHref: String?
    var assignmentLabel: String

    init(
        entry: NotebookEntry, canEdit: Bool, backHref: String, documents: [Document], canAddDocuments: Bool, csrf: String,
        limits: UploadLimits, assignment: Assignment?, work: [AssignmentBadge], canSetAssignment: Bool, t: Localizer
    ) {
        self.documents = FileRow.documents(documents, canDelete: canAddDocuments, t: t)
        hasDocuments = !documents.isEmpty
        self.canAddDocuments = canAddDocuments
        uploadAction = Route.entryDocuments(entry.id).href + "?_csrf=" + Route.escape(csrf)
        maxFileSize = t.bytes(limits.fileSize)
        workLinks = work
        hasWorkLinks = !work.isEmpty
        due = assignment.map { dueWords($0, t: t) }
        assignmentHref = canSetAssignment ? Route.assignmentForm(entry.id).href : nil
        assignmentLabel = assignment == nil ? t("assignmentNewTitle") : t("assignmentEditTitle")
        let content = entry.content
        subject = content.subject
        className = entry.className
        teacherName = t.teacherName(entry)
        sessionLabel = t("sessionOf", ["date": t.day(content.sessionDate)])
        done = content.done.isEmpty ? nil : content.done
        self.work = content.work.isEmpty ? nil : content.work
        dueLabel = content.dueDate.map { t("dueLabel", ["date": t.day($0)]).capitalizedFirst } ?? ""
        minutes = content.estimatedMinutes.map { t("minutes", ["count": String($0)]) }
        links = content.links
        hasLinks = !content.links.isEmpty
        self.canEdit = canEdit
        editHref = Route.editEntry(entry.id).href
        deleteHref = Route.deleteEntry(entry.id).href
        self.backHref = backHref
    }
}
