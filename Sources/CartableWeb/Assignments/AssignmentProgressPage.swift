import CartableCore
import CartableStore
import Foundation

/// The teacher's overview: every pupil of the class and where their work stands.
struct AssignmentProgressPage {
    struct Row {
        var name: String
        var href: String
        var state: AssignmentState
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
                state: AssignmentState(submission: item.submission, assignment: assignment, now: now, t: t),
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
