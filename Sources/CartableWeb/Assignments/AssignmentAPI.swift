import CartableCore
import CartableStore
import Foundation
import Hummingbird

/// `/api/v1`: work to hand in, drafts, hand-ins, returns.
struct AssignmentAPI: Sendable {
    let services: AppServices
    var actions: AssignmentActions { AssignmentActions(services: services) }
    var notebook: NotebookActions { NotebookActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.put(AssignmentRoutes.API.entryAssignment, use: setAssignment)
        router.get(AssignmentRoutes.API.assignment, use: assignment)
        router.put(AssignmentRoutes.API.draft, use: saveDraft)
        router.post(AssignmentRoutes.API.files, use: addFile)
        router.delete(AssignmentRoutes.API.file, use: removeFile)
        router.post(AssignmentRoutes.API.handIn, use: handIn)
        router.get(AssignmentRoutes.API.submissions, use: submissions)
        router.get(AssignmentRoutes.API.submission, use: submission)
        router.post(AssignmentRoutes.API.returnSubmission, use: returnSubmission)
    }

    @Sendable func setAssignment(request: Request, context: AppRequestContext, entryID: NotebookEntry.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let entry = try await notebook.editableEntry(entryID, viewer: viewer)
        guard services.policy.allows(viewer, .setAssignment(entry)) else { throw NotFound() }
        var request = request
        let body = try await JSON.decode(AssignmentInput.self, from: &request, limit: services.configuration.maximumBodySize)
        let assignment = try await actions.setAssignment(entry: entry, input: body, viewer: viewer)
        return try JSON.response(APIModel.Assignment(assignment))
    }

    @Sendable func assignment(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.readableAssignment(assignmentID, viewer: viewer)
        var submission: APIModel.Submission?
        if services.policy.allows(viewer, .workOnAssignment(assignment)) {
            let own = try await services.storage.assignments.submission(of: viewer.user.id, to: assignment.id, in: viewer.schoolID)
            submission = APIModel.Submission(own, pupilID: viewer.user.id, assignment: assignment, now: services.clock.now(), showText: true)
        }
        return try JSON.response(APIModel.AssignmentDetail(assignment: APIModel.Assignment(assignment), submission: submission))
    }

    @Sendable func saveDraft(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        var request = request
        let body = try await JSON.decode(DraftInput.self, from: &request, limit: services.configuration.maximumBodySize)
        let saved = try await actions.saveDraft(assignment, input: body, viewer: viewer)
        return JSON.response(raw: APIModel.DraftSaved(revision: saved.revision, savedAt: saved.savedAt, state: saved.state.rawValue).json)
    }

    /// A file sent as the raw body (`Content-Type: application/octet-stream`), named by `?name=`.
    @Sendable func addFile(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        try await actions.checkCanAttach(assignment, viewer: viewer)
        let file = try await DocumentActions(services: services).storeRawBody(
            request, name: request.queryData["name"], limit: services.configuration.uploadLimits.fileSize)
        let submission = try await actions.attach(file, to: assignment, viewer: viewer)
        return try JSON.response(
            APIModel.Submission(submission, pupilID: viewer.user.id, assignment: assignment, now: services.clock.now(), showText: true),
            status: .created)
    }

    @Sendable func removeFile(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, fileID: SubmissionFile.ID) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        try await actions.removeFile(fileID, from: assignment, viewer: viewer)
        return Response(status: .noContent)
    }

    @Sendable func handIn(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.workOnAssignment)
        var request = request
        let body = try await JSON.decode(APIModel.HandInBody.self, from: &request, limit: services.configuration.maximumBodySize)
        let draft = body.text.map { DraftInput(text: $0, revision: body.revision) }
        let submission = try await actions.handIn(assignment, rawHandInID: body.handInID, draft: draft, viewer: viewer)
        return try JSON.response(
            APIModel.Submission(submission, pupilID: viewer.user.id, assignment: assignment, now: services.clock.now(), showText: true))
    }

    @Sendable func submissions(request: Request, context: AppRequestContext, assignmentID: Assignment.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.readableAssignment(assignmentID, viewer: viewer)
        let now = services.clock.now()
        let list = try await actions.progress(assignment, viewer: viewer).map { item in
            APIModel.PupilSubmission(
                pupil: APIModel.User(item.pupil),
                submission: APIModel.Submission(
                    item.submission, pupilID: item.pupil.id, assignment: assignment, now: now,
                    showText: actions.showsWork(item.submission, of: item.pupil.id, to: assignment, viewer: viewer)))
        }
        return try JSON.response(APIModel.SubmissionList(assignment: APIModel.Assignment(assignment), submissions: list))
    }

    @Sendable func submission(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, pupilID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let assignment = try await actions.readableAssignment(assignmentID, viewer: viewer)
        let (pupil, submission) = try await actions.submission(assignment, pupilID: pupilID, viewer: viewer)
        let showText = actions.showsWork(submission, of: pupil.id, to: assignment, viewer: viewer)
        return try JSON.response(
            APIModel.Submission(submission, pupilID: pupil.id, assignment: assignment, now: services.clock.now(), showText: showText))
    }

    @Sendable func returnSubmission(request: Request, context: AppRequestContext, assignmentID: Assignment.ID, pupilID: User.ID) async throws
        -> Response
    {
        let viewer = try context.requireViewer()
        let assignment = try await actions.assignment(
            assignmentID, viewer: viewer, allowing: AccessPolicy.Action.returnSubmissions)
        var request = request
        let body = try await JSON.decode(FeedbackInput.self, from: &request, limit: services.configuration.maximumBodySize)
        let returned = try await actions.returnSubmission(assignment, pupilID: pupilID, input: body, viewer: viewer)
        return try JSON.response(
            APIModel.Submission(returned, pupilID: returned.pupilID, assignment: assignment, now: services.clock.now(), showText: true))
    }
}
