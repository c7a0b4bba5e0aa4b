import CartableCore
import CartableStore
import Foundation

/// Words for where a pupil's work stands, with the deadline taken into account.
struct WorkState {
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

/// The pupil's page for one piece of work: instructions, the answer (saved as they type), files, hand-in, feedback.
struct WorkPage {
    var subject: String
    var className: String
    var due: String
    var state: WorkState
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
        state = WorkState(submission: submission, assignment: assignment, now: now, t: t)
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

/// The teacher's overview: every pupil of the class and where their work stands.
struct WorkProgressPage {
    struct Row {
        var name: String
        var href: String
        var state: WorkState
        var when: String
    }

    var subject: String
    var className: String
    var due: String
    var summary: String
    var rows: [Row]
    var zipHref: String
    var settingsHref: String
    var canChange: Bool
    var entryHref: String

    init(assignment: Assignment, progress: [(pupil: User, submission: Submission?)], canChange: Bool, viewer: Viewer, now: Date, t: Localizer) {
        let zone = viewer.school.timeZone
        subject = assignment.subject
        className = assignment.className
        due = dueWords(assignment, t: t)
        rows = progress.map { item in
            Row(
                name: "\(item.pupil.lastName.uppercased()) \(item.pupil.firstName)", href: Route.submission(assignment.id, pupil: item.pupil.id).href,
                state: WorkState(submission: item.submission, assignment: assignment, now: now, t: t),
                when: item.submission?.handedInAt.map { t.dateTime($0, in: zone) } ?? "")
        }
        let handedIn = progress.filter { $0.submission?.isHandedIn ?? false }.count
        let late = progress.filter { $0.submission?.isLate ?? false }.count
        let drafts = progress.filter { ($0.submission.map { !$0.isHandedIn } ?? false) }.count
        summary = t(
            "progressSummary",
            [
                "handedIn": String(handedIn), "total": String(progress.count), "late": String(late), "drafts": String(drafts),
                "notStarted": String(progress.count - handedIn - drafts),
            ])
        zipHref = Route.submissionsZip(assignment.id).href
        settingsHref = Route.assignmentForm(assignment.entryID).href
        self.canChange = canChange
        entryHref = Route.entry(assignment.entryID).href
    }
}

/// One pupil's submission, as the teacher, the pupil or a guardian sees it.
struct SubmissionPage {
    var pupilName: String
    var subject: String
    var className: String
    var due: String
    var state: WorkState
    var handedInLabel: String?
    var text: String?
    var files: [FileRow]
    var hasFiles: Bool
    var feedback: String?
    var mark: String?
    var isReturned: Bool
    var canReturn: Bool
    var returnAction: String
    var feedbackValue: String
    var markValue: String
    var errors: [String: String]
    var hasErrors: Bool
    var backHref: String
    var backLabel: String

    init(
        assignment: Assignment, pupil: User, submission: Submission?, showsWork: Bool, canReturn: Bool, backHref: String, backLabel: String,
        viewer: Viewer,
        now: Date, values: [String: String]?, errors: [String: String], t: Localizer
    ) {
        let zone = viewer.school.timeZone
        pupilName = pupil.displayName
        subject = assignment.subject
        className = assignment.className
        due = dueWords(assignment, t: t)
        state = WorkState(submission: submission, assignment: assignment, now: now, t: t)
        handedInLabel = submission?.handedInAt.map { t("handedInOn", ["when": t.dateTime($0, in: zone)]) }
        // Guardians and teachers see what was handed in; a draft stays the pupil's own until then (the policy decides).
        let showText = showsWork
        text = showText && !(submission?.text.isEmpty ?? true) ? submission?.text : nil
        files = showText ? (submission?.files ?? []).map { FileRow($0.blob, href: Route.submissionFile($0.id).href, t: t) } : []
        hasFiles = !files.isEmpty
        isReturned = submission?.returnedAt != nil
        feedback = isReturned && !(submission?.feedback.isEmpty ?? true) ? submission?.feedback : nil
        mark = isReturned ? submission?.mark : nil
        self.canReturn = canReturn && (submission?.isHandedIn ?? false)
        returnAction = Route.returnSubmission(assignment.id, pupil: pupil.id).href
        feedbackValue = values?["feedback"] ?? submission?.feedback ?? ""
        markValue = values?["mark"] ?? submission?.mark ?? ""
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.backHref = backHref
        self.backLabel = backLabel
    }
}

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

/// A class's documents, by folder, with the upload form for its teachers.
struct DocumentsPage {
    struct Folder {
        var name: String
        var files: [FileRow]
    }

    var heading: String
    var folders: [Folder]
    var hasDocuments: Bool
    var canAdd: Bool
    var uploadAction: String
    var folderNames: [String]
    var maxFileSize: String
    var notebookHref: String
    var errors: [String: String] = [:]
    var hasErrors = false

    init(schoolClass: SchoolClass, documents: [Document], canAdd: Bool, csrf: String, limits: UploadLimits, t: Localizer) {
        heading = t("documentsOf", ["name": schoolClass.name])
        var order: [String] = []
        var byFolder: [String: [Document]] = [:]
        for document in documents {
            let name = document.folder.isEmpty ? t("folderGeneral") : document.folder
            if byFolder[name] == nil { order.append(name) }
            byFolder[name, default: []].append(document)
        }
        folders = order.map { Folder(name: $0, files: FileRow.documents(byFolder[$0] ?? [], canDelete: canAdd, t: t)) }
        hasDocuments = !documents.isEmpty
        self.canAdd = canAdd
        uploadAction = Route.classDocuments(schoolClass.id).href + "?_csrf=" + Route.escape(csrf)
        folderNames = Array(Set(documents.map(\.folder).filter { !$0.isEmpty })).sorted()
        maxFileSize = t.bytes(limits.fileSize)
        notebookHref = Route.classNotebook(schoolClass.id, week: nil).href
    }
}
