import CartableCore
import CartableStore
import Foundation

/// One pupil's submission, as the teacher, the pupil or a guardian sees it.
struct SubmissionPage {
    var pupilName: String
    var subject: String
    var className: String
    var due: String
    var state: AssignmentState
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
        state = AssignmentState(submission: submission, assignment: assignment, now: now, t: t)
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
