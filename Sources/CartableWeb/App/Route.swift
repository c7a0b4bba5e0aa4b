import CartableCore
import Foundation
import Hummingbird

/// Every page of the site as a value, so that a link is never a hand-written string.
///
/// A thin façade over the features' declarations (``NotebookRoutes``, ``IdentityRoutes``, ``AssignmentRoutes``,
/// ``DocumentRoutes``): ``href`` asks the declaration to print the path and adds the query. The router reads the
/// same declarations, so a path is written once.
public enum Route: Sendable, Hashable {
    case home
    case signIn(next: String?)
    case signOut
    case today(pupil: User.ID?)
    case pupilNotebook(pupil: User.ID?, week: LocalDate?)
    case classes
    case classNotebook(SchoolClass.ID, week: LocalDate?)
    case newEntry(classID: SchoolClass.ID?)
    case createEntry
    case entry(NotebookEntry.ID)
    case editEntry(NotebookEntry.ID)
    case updateEntry(NotebookEntry.ID)
    case deleteEntry(NotebookEntry.ID)
    case devices
    case revokeDevice(DeviceSession.ID)
    case revokeOtherDevices
    case accounts(search: String?, role: Role?, page: Int)
    case newAccount
    case createAccount
    case account(User.ID)
    case accountPassword(User.ID)
    case disableAccount(User.ID)
    case enableAccount(User.ID)
    case language
    case work(Assignment.ID)
    case workFiles(Assignment.ID)
    case deleteWorkFile(Assignment.ID, SubmissionFile.ID)
    case submission(Assignment.ID, pupil: User.ID)
    case returnSubmission(Assignment.ID, pupil: User.ID)
    case submissionsZip(Assignment.ID)
    case assignmentForm(NotebookEntry.ID)
    case submissionFile(SubmissionFile.ID)
    case documents
    case classDocuments(SchoolClass.ID)
    case entryDocuments(NotebookEntry.ID)
    case document(Document.ID)
    case deleteDocument(Document.ID)
    case timetable(pupil: User.ID?, week: LocalDate?)
    /// A pupil's absences and lateness (a guardian's child with `pupil`).
    case attendance(pupil: User.ID?)
    case classTimetable(SchoolClass.ID, week: LocalDate?)
    case occurrence(WeeklyCourse.ID, LocalDate)
    case resetOccurrence(WeeklyCourse.ID, LocalDate)
    case extraCourse(SchoolClass.ID, date: LocalDate?)
    case removeExtra(WeeklyCourse.ID, LocalDate)
    case join(WeeklyCourse.ID, LocalDate)
    case liveMode(WeeklyCourse.ID, LocalDate)

    /// The path (and query) to link to, printed by the feature's declaration.
    public var href: String {
        switch self {
        case .home: IdentityRoutes.home.href
        case .signIn(let next): IdentityRoutes.signIn.href(query: ["next": next])
        case .signOut: IdentityRoutes.signOut.href
        case .today(let pupil): NotebookRoutes.today.href(query: ["pupil": pupil?.rawValue])
        case .pupilNotebook(let pupil, let week): NotebookRoutes.pupilNotebook.href(query: ["pupil": pupil?.rawValue, "week": week?.iso])
        case .classes: NotebookRoutes.classes.href
        case .classNotebook(let id, let week): NotebookRoutes.classNotebook.href(id) + Path.query(["week": week?.iso])
        case .newEntry(let classID): NotebookRoutes.newEntry.href(query: ["class": classID?.rawValue])
        case .createEntry: NotebookRoutes.entries.href
        case .entry(let id): NotebookRoutes.entry.href(id)
        case .editEntry(let id): NotebookRoutes.editEntry.href(id)
        case .updateEntry(let id): NotebookRoutes.entry.href(id)
        case .deleteEntry(let id): NotebookRoutes.deleteEntry.href(id)
        case .devices: IdentityRoutes.devices.href
        case .revokeDevice(let id): IdentityRoutes.revokeDevice.href(id)
        case .revokeOtherDevices: IdentityRoutes.revokeOtherDevices.href
        case .accounts(let search, let role, let page):
            IdentityRoutes.accounts.href(query: ["q": search, "role": role?.rawValue, "page": page > 1 ? String(page) : nil])
        case .newAccount: IdentityRoutes.newAccount.href
        case .createAccount: IdentityRoutes.accounts.href
        case .account(let id): IdentityRoutes.account.href(id)
        case .accountPassword(let id): IdentityRoutes.accountPassword.href(id)
        case .disableAccount(let id): IdentityRoutes.disableAccount.href(id)
        case .enableAccount(let id): IdentityRoutes.enableAccount.href(id)
        case .language: IdentityRoutes.language.href
        case .work(let id): AssignmentRoutes.work.href(id)
        case .workFiles(let id): AssignmentRoutes.workFiles.href(id)
        case .deleteWorkFile(let id, let fileID): AssignmentRoutes.deleteWorkFile.href(id, fileID)
        case .submission(let id, let pupil): AssignmentRoutes.submission.href(id, pupil)
        case .returnSubmission(let id, let pupil): AssignmentRoutes.returnSubmission.href(id, pupil)
        case .submissionsZip(let id): AssignmentRoutes.submissionsZip.href(id)
        case .assignmentForm(let id): AssignmentRoutes.assignmentForm.href(id)
        case .submissionFile(let id): AssignmentRoutes.submissionFile.href(id)
        case .documents: DocumentRoutes.documents.href
        case .classDocuments(let id): DocumentRoutes.classDocuments.href(id)
        case .entryDocuments(let id): DocumentRoutes.entryDocuments.href(id)
        case .document(let id): DocumentRoutes.document.href(id)
        case .deleteDocument(let id): DocumentRoutes.deleteDocument.href(id)
        case .timetable(let pupil, let week): TimetableRoutes.week.href(query: ["pupil": pupil?.rawValue, "week": week?.iso])
        case .attendance(let pupil): AttendanceRoutes.record.href(query: ["pupil": pupil?.rawValue])
        case .classTimetable(let id, let week): TimetableRoutes.classWeek.href(id) + Path.query(["week": week?.iso])
        case .occurrence(let id, let date): TimetableRoutes.occurrence.href(id, date)
        case .resetOccurrence(let id, let date): TimetableRoutes.resetOccurrence.href(id, date)
        case .extraCourse(let id, let date): TimetableRoutes.extraCourse.href(id) + Path.query(["date": date?.iso])
        case .removeExtra(let id, let date): TimetableRoutes.removeExtra.href(id, date)
        case .join(let id, let date): TimetableRoutes.join.href(id, date)
        case .liveMode(let id, let date): TimetableRoutes.liveMode.href(id, date)
        }
    }

    /// Percent-escapes a query value or a file name (unreserved characters and `/` stay).
    static func escape(_ value: String) -> String {
        PathTemplate.escape(value)
    }

    /// A local path safe to redirect to after sign-in: starts with one `/`, not `//`, no backslash.
    public static func safeLocalPath(_ candidate: String?) -> String? {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
            !candidate.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), candidate.count < 512
        else { return nil }
        return candidate
    }
}
