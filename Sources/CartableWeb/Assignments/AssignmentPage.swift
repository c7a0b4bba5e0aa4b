import CartableCore
import CartableStore
import Foundation

/// The pupil's page for one piece of work: instructions, the answer (saved as they type), files, hand-in, feedback.
struct AssignmentPage {
    var subject: String
    var className: String
    var due: String
    var state: AssignmentState
    var instructions: String?
    var work: String?
    var documents: [FileRow]
    var hasDocuments: Bool
    var entryHref: String
    // The answer
    var isOpen: Bool
    var deadlinePassedClosed: Bool
    var acceptsText: Bool
    var acceptsFiles: Bool
    var text: String
    var formAction: String
    var draftURL: String
    var draftKey: String
    var revision: Int64
    var nextRevision: Int64
    var handInID: String
    var savedLabel: String
    var files: [FileRow]
    var hasFiles: Bool
    var uploadAction: String
    var fileAccept: String
    var maxFileSize: String
    var errors: [String: String]
    var hasErrors: Bool
    // After hand-in
    var handedInLabel: String?
    var feedback: String?
    var mark: String?
    var isReturned: Bool

    init(
        assignment: Assignment, entry: NotebookEntry, submission: Submission?, documents: [Document], viewer: Viewer, handInID: UUID,
        csrf: String, now: Date, limits: UploadLimits, errors: [String: String], text: String? = nil, t: Localizer
    ) {
        let zone = viewer.school.timeZone
        subject = assignment.subject
        className = assignment.className
        due = dueWords(assignment, t: t)
        state = AssignmentState(submission: submission, assignment: assignment, now: now, t: t)
        instructions = assignment.settings.instructions.isEmpty ? nil : assignment.settings.instructions
        work = entry.content.work.isEmpty ? nil : entry.content.work
        self.documents = FileRow.documents(documents, canDelete: false, t: t)
        hasDocuments = !documents.isEmpty
        entryHref = Route.entry(entry.id).href
        let handedIn = submission?.isHandedIn ?? false
        deadlinePassedClosed = !handedIn && assignment.refusesHandIn(at: now)
        isOpen = !handedIn
        acceptsText = assignment.settings.answerKinds.acceptsText
        acceptsFiles = assignment.settings.answerKinds.acceptsFiles
        self.text = text ?? submission?.text ?? ""
        formAction = Route.work(assignment.id).href
        draftURL = AssignmentRoutes.API.draft.href(assignment.id)
        draftKey = "cartable-draft:\(viewer.user.id):\(assignment.id)"
        revision = submission?.revision ?? 0
        nextRevision = revision + 1
        self.handInID = handInID.uuidString.lowercased()
        savedLabel = submission.map { $0.revision > 0 ? t("savedAt", ["time": t.time($0.savedAt, in: zone)]) : "" } ?? ""
        files = (submission?.files ?? []).map {
            FileRow(
                $0.blob, href: Route.submissionFile($0.id).href, deleteHref: handedIn ? nil : Route.deleteWorkFile(assignment.id, $0.id).href, t: t)
        }
        hasFiles = !files.isEmpty
        uploadAction = Route.workFiles(assignment.id).href + "?_csrf=" + Route.escape(csrf)
        fileAccept = "image/*,application/pdf,.odt,.ods,.odp,.docx,.xlsx,.pptx,.txt,audio/*,video/mp4"
        maxFileSize = t.bytes(limits.fileSize)
        self.errors = errors
        hasErrors = !errors.isEmpty
        handedInLabel = submission?.handedInAt.map { t("handedInOn", ["when": t.dateTime($0, in: zone)]) }
        feedback = submission?.returnedAt == nil || submission?.feedback.isEmpty == true ? nil : submission?.feedback
        mark = submission?.returnedAt == nil ? nil : submission?.mark
        isReturned = submission?.returnedAt != nil
    }
}
