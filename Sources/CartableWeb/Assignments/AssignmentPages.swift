import CartableCore
import CartableStore
import Foundation
import Hummingbird
import NIOCore

/// The pages of work to hand in: the pupil's answer, the teacher's overview and returns, the settings form.
struct AssignmentPages: Sendable {
    let services: AppServices
    var actions: AssignmentActions { AssignmentActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AssignmentRoutes.work, use: work)
        router.post(AssignmentRoutes.work, use: saveOrHandIn)
        router.post(AssignmentRoutes.workFiles, use: uploadFile)
        router.post(AssignmentRoutes.deleteWorkFile, use: deleteFile)
        router.get(AssignmentRoutes.submission, use: submission)
        router.post(AssignmentRoutes.returnSubmission, use: returnSubmission)
        router.get(AssignmentRoutes.submissionsZip, use: zip)
        router.get(AssignmentRoutes.assignmentForm, use: assignmentForm)
        router.post(AssignmentRoutes.assignmentForm, use: setAssignment)
        router.get(AssignmentRoutes.submissionFile, use: submissionFile)
    }

    /// A pupil's work page; a guardian goes to their child's submission; teachers and staff see the class's progress.
    @Sendable func work(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.readableAssignment(assignmentID, viewer: viewer)
        switch viewer.role {
        case .pupil:
            return try await workPage(assignment: assignment, viewer: viewer, errors: nil, text: nil, request: request, context: context)
        case .guardian:
            guard let child = viewer.children.first(where: { $0.classIDs.contains(assignment.classID) }) else { throw NotFound() }
            return services.redirect(to: Route.submission(assignment.id, pupil: child.pupil.id).href)
        case .teacher, .staff:
            let progress = try await actions.progress(assignment, viewer: viewer)
            let page = AssignmentProgressPage(
                assignment: assignment, progress: progress, canChange: services.policy.allows(viewer, .returnSubmissions(assignment)),
                viewer: viewer, now: services.clock.now(), t: context.localizer)
            return services.page(
                .workProgress, content: page, title: "\(assignment.subject) · \(assignment.className)", section: .classes, request: request,
                context: context)
        }
    }

    private func workPage(
        assignment: Assignment, viewer: Viewer, errors: ValidationError?, text: String?, request: Request, context: AppRequestContext
    ) async throws -> Response {
        guard services.policy.allows(viewer, .workOnAssignment(assignment)),
            let entry = try await services.classReads.entry(assignment.entryID, in: viewer.schoolID, storage: services.storage)
        else { throw NotFound() }
        let submission = try await services.storage.assignments.submission(of: viewer.user.id, to: assignment.id, in: viewer.schoolID)
        let documents = try await services.classReads.extras(of: [entry], in: viewer.schoolID, storage: services.storage)[entry.id]?.documents ?? []
        let t = context.localizer
        let page = AssignmentPage(
            assignment: assignment, entry: entry, submission: submission, documents: documents, viewer: viewer,
            handInID: services.identifiers.uuid(), csrf: context.csrfToken, now: services.clock.now(),
            limits: services.configuration.uploadLimits, errors: errors.map { t.fieldErrors($0) } ?? [:], text: text, t: t)
        return services.page(
            .work, content: page, title: "\(assignment.subject) · \(t("workTitle"))", section: .today, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    /// The answer form: "Enregistrer" saves the draft, "Rendre le travail" hands it in.
    @Sendable func saveOrHandIn(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let draft = DraftInput(text: form["text"], revision: form["revision"].flatMap { Int64($0) })
        do {
            if form["action"] == "handIn" {
                _ = try await actions.handIn(
                    assignment, rawHandInID: form["handInId"], draft: form["text"] == nil ? nil : draft, viewer: viewer)
                return services.redirect(to: Route.work(assignment.id).href, notice: "workHandedIn")
            }
            do {
                _ = try await actions.saveDraft(assignment, input: draft, viewer: viewer)
            } catch let conflict as Conflict {
                // The page's script already saved newer text: nothing is lost, the page shows it.
                guard case .staleRevision = conflict.reason else { throw conflict }
            }
            return services.redirect(to: Route.work(assignment.id).href, notice: "workSaved")
        } catch let error as ValidationError {
            return try await workPage(assignment: assignment, viewer: viewer, errors: error, text: form["text"], request: request, context: context)
        }
    }

    /// Attaches a file (a photo of a paper copy, a document) to the pupil's work.
    @Sendable func uploadFile(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        do {
            try await actions.checkCanAttach(assignment, viewer: viewer)
            let upload = try await MultipartUpload.readWithFile(
                request, blobs: services.blobs, fileLimit: services.configuration.uploadLimits.fileSize)
            _ = try await actions.attach(upload.file, to: assignment, viewer: viewer)
            return services.redirect(to: Route.work(assignment.id).href, notice: "fileAdded")
        } catch let error as ValidationError {
            return try await workPage(assignment: assignment, viewer: viewer, errors: error, text: nil, request: request, context: context)
        } catch let error as BlobTooLarge {
            var response = try await workPage(
                assignment: assignment, viewer: viewer, errors: error.issues, text: nil, request: request, context: context)
            response.status = .contentTooLarge
            return response
        }
    }

    @Sendable func deleteFile(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, fileID: SubmissionFile.ID) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        try await actions.removeFile(fileID, from: assignment, viewer: viewer)
        return services.redirect(to: Route.work(assignment.id).href, notice: "fileRemoved")
    }

    /// One pupil's work, for the pupil, their guardians, the class's teachers and staff.
    @Sendable func submission(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, pupilID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.readableAssignment(assignmentID, viewer: viewer)
        return try await submissionPage(
            assignment: assignment, pupilID: pupilID, viewer: viewer, values: nil, errors: nil, request: request, context: context)
    }

    private func submissionPage(
        assignment: Assignment, pupilID: User.ID, viewer: Viewer, values: [String: String]?, errors: ValidationError?, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let (pupil, submission) = try await actions.submission(assignment, pupilID: pupilID, viewer: viewer)
        let t = context.localizer
        let back: (String, String) =
            switch viewer.role {
            case .pupil: (Route.work(assignment.id).href, t("backToWork"))
            case .guardian: (Route.today(pupil: pupil.id).href, t("navToday"))
            case .teacher, .staff: (Route.work(assignment.id).href, t("backToProgress"))
            }
        let page = SubmissionPage(
            assignment: assignment, pupil: pupil, submission: submission,
            showsWork: actions.showsWork(submission, of: pupil.id, to: assignment, viewer: viewer),
            canReturn: services.policy.allows(viewer, .returnSubmissions(assignment)), backHref: back.0, backLabel: back.1, viewer: viewer,
            now: services.clock.now(), values: values, errors: errors.map { t.fieldErrors($0) } ?? [:], t: t)
        return services.page(
            .submission, content: page, title: "\(pupil.displayName) · \(assignment.subject)", section: .none, request: request,
            context: context, status: errors == nil ? .ok : .unprocessableContent)
    }

    @Sendable func returnSubmission(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, pupilID: User.ID) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.returnSubmissions)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            let returned = try await actions.returnSubmission(
                assignment, pupilID: pupilID, input: FeedbackInput(feedback: form["feedback"], mark: form["mark"]),
                viewer: viewer)
            return services.redirect(to: Route.submission(assignment.id, pupil: returned.pupilID).href, notice: "workReturned")
        } catch let error as ValidationError {
            return try await submissionPage(
                assignment: assignment, pupilID: pupilID, viewer: viewer, values: ["feedback": form["feedback"] ?? "", "mark": form["mark"] ?? ""],
                errors: error,
                request: request, context: context)
        }
    }

    /// Every handed-in submission of the class, one folder per pupil, as one zip streamed as it is made.
    @Sendable func zip(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.readAllSubmissions)
        let progress = try await actions.progress(assignment, viewer: viewer).filter { $0.submission?.isHandedIn ?? false }
        let blobs = services.blobs
        let zone = viewer.school.timeZone
        let t = context.localizer
        var items: [(path: String, source: ZipDownload.Source)] = []
        var zip = ZipStream(date: services.clock.now())
        for item in progress {
            guard let submission = item.submission else { continue }
            let folder = ZipStream.safeName("\(item.pupil.lastName) \(item.pupil.firstName)")
            var lines = ["\(item.pupil.displayName) · \(assignment.subject) · \(assignment.className)"]
            if let handedIn = submission.handedInAt { lines.append(t("handedInOn", ["when": t.dateTime(handedIn, in: zone)])) }
            if submission.isLate { lines.append(t("stateLate")) }
            lines.append("")
            lines.append(submission.text)
            items.append((zip.uniqueName("\(folder)/\(t("zipAnswerName")).txt"), .text(lines.joined(separator: "\n") + "\n")))
            for file in submission.files {
                items.append((zip.uniqueName("\(folder)/\(ZipStream.safeName(file.blob.name))"), .blob(file.blob.key)))
            }
        }
        let name = ZipStream.safeName("\(assignment.subject) \(assignment.className) \(assignment.settings.dueDate.iso)") + ".zip"
        return ZipDownload.response(name: name, items: items, zip: zip, blobs: blobs)
    }

    /// The form to set (or change) the work to hand in for an entry.
    @Sendable func assignmentForm(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await settableEntry(entryID, viewer: viewer)
        let existing = try await actions.assignment(of: entry, viewer: viewer)
        var values: [String: String] = [:]
        if let settings = existing?.settings {
            values = [
                "instructions": settings.instructions, "dueDate": settings.dueDate.iso, "dueTime": settings.dueTime,
                "answerKinds": settings.answerKinds.rawValue,
            ]
        } else {
            values = ["dueDate": entry.content.dueDate?.iso ?? "", "dueTime": "18:00", "answerKinds": "both"]
        }
        return assignmentFormPage(
            entry: entry, isNew: existing == nil, values: values, allowsLate: existing?.settings.allowsLate ?? true, errors: nil,
            request: request, context: context)
    }

    @Sendable func setAssignment(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await settableEntry(entryID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = AssignmentInput(
            instructions: form["instructions"], dueDate: form["dueDate"], dueTime: form["dueTime"], answerKinds: form["answerKinds"],
            allowsLate: form["allowsLate"] == "on" || form["allowsLate"] == "true")
        do {
            let assignment = try await actions.setAssignment(entry: entry, input: input, viewer: viewer)
            return services.redirect(to: Route.work(assignment.id).href, notice: "assignmentSaved")
        } catch let error as ValidationError {
            var values: [String: String] = [:]
            for name in ["instructions", "dueDate", "dueTime", "answerKinds"] { values[name] = form[name] ?? "" }
            return assignmentFormPage(
                entry: entry, isNew: true, values: values, allowsLate: input.allowsLate ?? false, errors: error, request: request,
                context: context)
        }
    }

    private func settableEntry(_ id: NotebookEntry.ID, viewer: Viewer) async throws -> NotebookEntry {
        let entry = try await notebook.editableEntry(id, viewer: viewer)
        guard services.policy.allows(viewer, .setAssignment(entry)) else { throw NotFound() }
        return entry
    }

    private func assignmentFormPage(
        entry: NotebookEntry, isNew: Bool, values: [String: String], allowsLate: Bool, errors: ValidationError?, request: Request,
        context: AppRequestContext
    ) -> Response {
        let t = context.localizer
        let page = AssignmentFormPage(
            entry: entry, isNew: isNew, values: values, allowsLate: allowsLate, errors: errors.map { t.fieldErrors($0) } ?? [:], t: t)
        return services.page(
            .assignmentForm, content: page, title: page.heading, section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }

    /// A file of a submission.
    @Sendable func submissionFile(request: Request, context: AppRequestContext, fileID: SubmissionFile.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let file = try await actions.readableFile(fileID, viewer: viewer)
        return try await FileDownload.response(for: file.blob, blobs: services.blobs, context: context)
    }
}

extension ZipStream {
    /// A name safe as a zip path component: no slashes, no control characters, not empty.
    static func safeName(_ text: String) -> String {
        let cleaned = TextRules.clean(text).map { "/\\:*?\"<>|".contains($0) ? "-" : $0 }
        let name = String(cleaned.prefix(100)).trimmingWhitespace()
        return name.isEmpty || name.hasPrefix(".") ? "_" + name : name
    }
}
