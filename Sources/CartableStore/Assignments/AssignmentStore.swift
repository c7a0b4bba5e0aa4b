import CartableCore
import Foundation

/// Work to hand in and pupils' submissions.
///
/// Every write is one transaction: a draft save that is acknowledged is committed, a refused one changed nothing.
public protocol AssignmentStore: Sendable {
    /// Creates the entry's assignment, or changes its settings if it has one; returns it as stored.
    func setAssignment(_ assignment: Assignment) async throws -> Assignment
    /// The assignment `id` if it belongs to `schoolID`.
    func assignment(_ id: Assignment.ID, in schoolID: School.ID) async throws -> Assignment?
    /// The assignments made from the given entries, by entry.
    func assignments(forEntries entryIDs: Set<NotebookEntry.ID>, in schoolID: School.ID) async throws -> [NotebookEntry.ID: Assignment]
    /// One pupil's submission, with its files; `nil` if they have not started.
    func submission(of pupilID: User.ID, to assignmentID: Assignment.ID, in schoolID: School.ID) async throws -> Submission?
    /// Every submission of an assignment, with files.
    func submissions(to assignmentID: Assignment.ID, in schoolID: School.ID) async throws -> [Submission]
    /// One pupil's submissions to the given assignments (without files), by assignment.
    func submissions(of pupilID: User.ID, to assignmentIDs: Set<Assignment.ID>, in schoolID: School.ID) async throws
        -> [Assignment.ID: Submission]
    /// Saves a draft unless the stored revision is newer. Throws ``Conflict`` (stale revision, already handed in).
    /// Saving the same revision with the same text again is a success that changes nothing.
    func saveDraft(
        of pupilID: User.ID, to assignment: Assignment, text: String, revision: Int64, newID: Submission.ID, at instant: Date
    ) async throws -> Submission
    /// Attaches a file, within the limits (``ValidationError``), unless handed in (``Conflict``).
    func addFile(
        _ file: SubmissionFile, of pupilID: User.ID, to assignment: Assignment, limits: UploadLimits, newID: Submission.ID, at instant: Date
    ) async throws -> Submission
    /// Removes a file from a submission not yet handed in; `false` if there is no such file.
    func removeFile(_ fileID: SubmissionFile.ID, of pupilID: User.ID, to assignment: Assignment, at instant: Date) async throws -> Bool
    /// Hands in, saving `draft` first if it is newer. A second call with the same `handInID` returns the same
    /// submission; another id gets ``Conflict/Reason/alreadyHandedIn``; nothing to hand in is a ``ValidationError``.
    func handIn(
        of pupilID: User.ID, to assignment: Assignment, handInID: UUID, draft: (text: String, revision: Int64)?, isLate: Bool,
        newID: Submission.ID, at instant: Date
    ) async throws -> Submission
    /// Returns a handed-in submission with feedback; ``Conflict/Reason/notHandedIn`` if it is not handed in.
    func returnSubmission(
        of pupilID: User.ID, to assignment: Assignment, feedback: String, mark: String?, at instant: Date
    ) async throws -> Submission
    /// A submission's file, with the submission's assignment and pupil, and whether it is handed in.
    func submissionFile(_ id: SubmissionFile.ID, in schoolID: School.ID) async throws
        -> (file: SubmissionFile, assignmentID: Assignment.ID, pupilID: User.ID, isHandedIn: Bool)?
}
