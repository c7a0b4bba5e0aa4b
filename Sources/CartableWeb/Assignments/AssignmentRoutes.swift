import CartableCore

/// Work to hand in: its paths, pages and API, each written once.
enum AssignmentRoutes {
    /// The work page (pupil), or the class's progress (teachers, staff); the pupil's form posts here.
    static let work = Path1<Assignment.ID>("/work/:assignmentID")
    /// Attaches a file to the pupil's work.
    static let workFiles = Path1<Assignment.ID>("/work/:assignmentID/files")
    /// Removes a file from the pupil's work.
    static let deleteWorkFile = Path2<Assignment.ID, SubmissionFile.ID>("/work/:assignmentID/files/:fileID/delete")
    /// One pupil's work.
    static let submission = Path2<Assignment.ID, User.ID>("/work/:assignmentID/pupils/:pupilID")
    /// Returns one pupil's work with feedback.
    static let returnSubmission = Path2<Assignment.ID, User.ID>("/work/:assignmentID/pupils/:pupilID/return")
    /// Every handed-in submission as one zip.
    static let submissionsZip = Path1<Assignment.ID>("/work/:assignmentID/submissions.zip")
    /// The form to set the work to hand in for an entry, and where it posts.
    static let assignmentForm = Path1<NotebookEntry.ID>("/entries/:entryID/assignment")
    /// A file of a submission.
    static let submissionFile = Path1<SubmissionFile.ID>("/submission-files/:fileID")

    /// The JSON API of work to hand in.
    enum API {
        /// Sets the work to hand in for an entry.
        static let entryAssignment = Path1<NotebookEntry.ID>("/api/v1/entries/:entryID/assignment")
        /// One assignment.
        static let assignment = Path1<Assignment.ID>("/api/v1/assignments/:assignmentID")
        /// Saves the pupil's draft (the work page's script calls it).
        static let draft = Path1<Assignment.ID>("/api/v1/assignments/:assignmentID/draft")
        /// Attaches a file to the pupil's work.
        static let files = Path1<Assignment.ID>("/api/v1/assignments/:assignmentID/files")
        /// Removes a file from the pupil's work.
        static let file = Path2<Assignment.ID, SubmissionFile.ID>("/api/v1/assignments/:assignmentID/files/:fileID")
        /// Hands the pupil's work in.
        static let handIn = Path1<Assignment.ID>("/api/v1/assignments/:assignmentID/hand-in")
        /// Every pupil's submission.
        static let submissions = Path1<Assignment.ID>("/api/v1/assignments/:assignmentID/submissions")
        /// One pupil's submission.
        static let submission = Path2<Assignment.ID, User.ID>("/api/v1/assignments/:assignmentID/submissions/:pupilID")
        /// Returns one pupil's work with feedback.
        static let returnSubmission = Path2<Assignment.ID, User.ID>("/api/v1/assignments/:assignmentID/submissions/:pupilID/return")

        /// Every API path of work to hand in.
        static let all: [any DeclaredPath] = [
            entryAssignment, assignment, draft, files, file, handIn, submissions, submission, returnSubmission,
        ]
    }

    /// Every path of work to hand in, pages and API.
    static let all: [any DeclaredPath] =
        [work, workFiles, deleteWorkFile, submission, returnSubmission, submissionsZip, assignmentForm, submissionFile] + API.all
}
