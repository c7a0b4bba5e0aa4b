import CartableCore
import CartableStore
import Foundation

/// What pages and the API both do with work to hand in: policy first, then the store.
///
/// Ids the viewer may not touch throw ``NotFound``; bad input throws ``ValidationError``; a request
/// the current state forbids throws ``Conflict``. Nothing is written unless everything holds.
struct AssignmentActions: Sendable {
    let services: AppServices

    /// Loads an assignment the viewer may read, or throws ``NotFound``.
    func readableAssignment(_ id: Assignment.ID, viewer: Viewer) async throws -> Assignment {
        guard let assignment = try await services.storage.assignments.assignment(id, in: viewer.schoolID),
            services.policy.allows(viewer, .readAssignment(assignment))
        else { throw NotFound() }
        return assignment
    }

    /// Loads an assignment and checks `action` on it, or throws ``NotFound``.
    func assignment(_ id: Assignment.ID, viewer: Viewer, allowing action: (Assignment) -> AccessPolicy.Action) async throws -> Assignment {
        let assignment = try await readableAssignment(id, viewer: viewer)
        guard services.policy.allows(viewer, action(assignment)) else { throw NotFound() }
        return assignment
    }

    /// The entry's assignment, if it has one.
    func assignment(of entry: NotebookEntry, viewer: Viewer) async throws -> Assignment? {
        try await services.storage.assignments.assignments(forEntries: [entry.id], in: viewer.schoolID)[entry.id]
    }

    /// Creates or changes the assignment of an entry the viewer may edit.
    func setAssignment(entry: NotebookEntry, input: AssignmentInput, viewer: Viewer) async throws -> Assignment {
        guard services.policy.allows(viewer, .setAssignment(entry)) else { throw NotFound() }
        let settings = try input.validated(now: services.clock.now(), timeZone: viewer.school.timeZone)
        let existing = try await assignment(of: entry, viewer: viewer)
        let now = services.clock.now()
        let assignment = Assignment(
            id: existing?.id ?? .make(using: services.identifiers), schoolID: entry.schoolID, entryID: entry.id, classID: entry.classID,
            teacherID: existing?.teacherID ?? viewer.user.id, subject: entry.content.subject, settings: settings,
            createdAt: existing?.createdAt ?? now, updatedAt: now, className: entry.className)
        return try await services.storage.assignments.setAssignment(assignment)
    }

    /// Saves the viewer's draft (a pupil of the class).
    func saveDraft(_ assignment: Assignment, input: DraftInput, viewer: Viewer) async throws -> Submission {
        guard services.policy.allows(viewer, .workOnAssignment(assignment)) else { throw NotFound() }
        guard assignment.settings.answerKinds.acceptsText else {
            throw ValidationError([FieldIssue(field: "text", problem: .notAccepted)])
        }
        let draft = try input.validated()
        return try await services.storage.assignments.saveDraft(
            of: viewer.user.id, to: assignment, text: draft.text, revision: draft.revision, newID: .make(using: services.identifiers),
            at: services.clock.now())
    }

    /// Hands the viewer's work in. `draft`, if given, is saved first when it is newer than the stored one.
    func handIn(_ assignment: Assignment, rawHandInID: String?, draft: DraftInput?, viewer: Viewer) async throws -> Submission {
        guard services.policy.allows(viewer, .workOnAssignment(assignment)) else { throw NotFound() }
        var issues: [FieldIssue] = []
        let idText = TextRules.clean(rawHandInID)
        let handInID = UUID(uuidString: idText)
        if idText.isEmpty {
            issues.append(FieldIssue(field: "handInId", problem: .required))
        } else if handInID == nil {
            issues.append(FieldIssue(field: "handInId", problem: .invalidChoice))
        }
        var checkedDraft: (text: String, revision: Int64)?
        if let draft, draft.text != nil, assignment.settings.answerKinds.acceptsText {
            do {
                checkedDraft = try draft.validated()
            } catch {
                issues.append(contentsOf: error.issues)
            }
        }
        guard issues.isEmpty, let handInID else { throw ValidationError(issues) }
        let now = services.clock.now()
        if assignment.refusesHandIn(at: now) {
            // A retry of a hand-in that was accepted before the deadline still succeeds.
            if let stored = try await services.storage.assignments.submission(of: viewer.user.id, to: assignment.id, in: viewer.schoolID),
                stored.handInID == handInID
            {
                return stored
            }
            if let checkedDraft {
                // Keep the text anyway: nothing a pupil typed is lost.
                _ = try? await services.storage.assignments.saveDraft(
                    of: viewer.user.id, to: assignment, text: checkedDraft.text, revision: checkedDraft.revision,
                    newID: .make(using: services.identifiers), at: now)
            }
            throw ValidationError([FieldIssue(field: "dueDate", problem: .deadlinePassed)])
        }
        return try await services.storage.assignments.handIn(
            of: viewer.user.id, to: assignment, handInID: handInID, draft: checkedDraft, isLate: assignment.isLate(at: now),
            newID: .make(using: services.identifiers), at: now)
    }

    /// Checks that the viewer may attach a file now (before the upload is read).
    func checkCanAttach(_ assignment: Assignment, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .workOnAssignment(assignment)) else { throw NotFound() }
        guard assignment.settings.answerKinds.acceptsFiles else { throw ValidationError([FieldIssue(field: "file", problem: .notAccepted)]) }
        if let stored = try await services.storage.assignments.submission(of: viewer.user.id, to: assignment.id, in: viewer.schoolID),
            stored.isHandedIn
        {
            throw Conflict(.alreadyHandedIn)
        }
    }

    /// Attaches a stored file to the viewer's submission. Checked again after the upload: the work may
    /// have been handed in from another device while the file was arriving.
    func attach(_ file: StoredFile, to assignment: Assignment, viewer: Viewer) async throws -> Submission {
        try await checkCanAttach(assignment, viewer: viewer)
        return try await services.storage.assignments.addFile(
            SubmissionFile(id: .make(using: services.identifiers), blob: file), of: viewer.user.id, to: assignment,
            limits: services.configuration.uploadLimits, newID: .make(using: services.identifiers), at: services.clock.now())
    }

    /// Removes a file from the viewer's submission.
    func removeFile(_ id: SubmissionFile.ID, from assignment: Assignment, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .workOnAssignment(assignment)),
            try await services.storage.assignments.removeFile(id, of: viewer.user.id, to: assignment, at: services.clock.now())
        else { throw NotFound() }
    }

    /// The pupil `pupilID` of the assignment's class whose submission the viewer may read, with it (`nil`: not started).
    func submission(_ assignment: Assignment, pupilID: User.ID, viewer: Viewer) async throws -> (pupil: User, submission: Submission?) {
        guard services.policy.allows(viewer, .readSubmission(assignment, pupilID: pupilID)),
            let pupil = try await services.storage.schools.pupils(ofClass: assignment.classID, in: viewer.schoolID).first(where: { $0.id == pupilID })
        else { throw NotFound() }
        return (pupil, try await services.storage.assignments.submission(of: pupilID, to: assignment.id, in: viewer.schoolID))
    }

    /// Returns a pupil's handed-in work with feedback.
    func returnSubmission(_ assignment: Assignment, pupilID: User.ID, input: FeedbackInput, viewer: Viewer) async throws -> Submission {
        guard services.policy.allows(viewer, .returnSubmissions(assignment)) else { throw NotFound() }
        let (pupil, _) = try await submission(assignment, pupilID: pupilID, viewer: viewer)
        let feedback = try input.validated()
        return try await services.storage.assignments.returnSubmission(
            of: pupil.id, to: assignment, feedback: feedback.feedback, mark: feedback.mark, at: services.clock.now())
    }

    /// Every pupil of the class with their submission, for the teacher's overview.
    func progress(_ assignment: Assignment, viewer: Viewer) async throws -> [(pupil: User, submission: Submission?)] {
        guard services.policy.allows(viewer, .readAllSubmissions(assignment)) else { throw NotFound() }
        let pupils = try await services.storage.schools.pupils(ofClass: assignment.classID, in: viewer.schoolID)
        let submissions = try await services.storage.assignments.submissions(to: assignment.id, in: viewer.schoolID)
        let byPupil = Dictionary(submissions.map { ($0.pupilID, $0) }, uniquingKeysWith: { first, _ in first })
        return pupils.map { ($0, byPupil[$0.id]) }
    }

    /// Whether the viewer sees what the pupil wrote and attached (the policy's `readSubmissionWork`):
    /// pages, the API and downloads all ask here, so that a draft stays the pupil's own everywhere.
    func showsWork(_ submission: Submission?, of pupilID: User.ID, to assignment: Assignment, viewer: Viewer) -> Bool {
        guard let submission else { return false }
        return services.policy.allows(viewer, .readSubmissionWork(assignment, pupilID: pupilID, isHandedIn: submission.isHandedIn))
    }

    /// A submission's file the viewer may download: before hand-in, only the pupil's own.
    func readableFile(_ id: SubmissionFile.ID, viewer: Viewer) async throws -> SubmissionFile {
        guard let found = try await services.storage.assignments.submissionFile(id, in: viewer.schoolID),
            let assignment = try await services.storage.assignments.assignment(found.assignmentID, in: viewer.schoolID),
            services.policy.allows(viewer, .readSubmissionWork(assignment, pupilID: found.pupilID, isHandedIn: found.isHandedIn))
        else { throw NotFound() }
        return found.file
    }
}

extension Submission.State {
    /// The catalogue key of the state's name.
    var labelKey: String {
        switch self {
        case .notStarted: "stateNotStarted"
        case .draft: "stateDraft"
        case .handedIn: "stateHandedIn"
        case .late: "stateLate"
        case .returned: "stateReturned"
        }
    }
}

extension IdentifierGenerator {
    /// A new UUID from the generator (the client-made id a page puts in its hand-in form).
    func uuid() -> UUID {
        UUID(uuidString: makeRawIdentifier()) ?? UUID()
    }
}
