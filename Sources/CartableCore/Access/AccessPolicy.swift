/// The one place that decides who may read and write what (DESIGN.md §3).
///
/// Every handler asks it before touching data. It does no I/O: the caller loads the resource
/// (always scoped by the viewer's school) and the viewer's facts, then asks. A refusal must look
/// exactly like a missing resource (404), so that ids from other classes or schools leak nothing.
public struct AccessPolicy: Sendable {
    /// Something a viewer wants to do.
    public enum Action: Sendable, Hashable {
        /// Read the notebook of a class or group.
        case readNotebook(classID: SchoolClass.ID, schoolID: School.ID)
        /// Write in some class's notebook (open the form at all).
        case writeSomeNotebook
        /// Post entries to a class at all (the classes offered in the teacher's form).
        case postToClass(classID: SchoolClass.ID, schoolID: School.ID)
        /// Write a new entry in a class's notebook, for a subject.
        case writeNotebook(classID: SchoolClass.ID, subject: String, schoolID: School.ID)
        /// Read one entry.
        case readEntry(NotebookEntry)
        /// Change or delete one entry.
        case editEntry(NotebookEntry)
        /// See a pupil's work and notebook (the pupil themself or their guardian).
        case followPupil(User.ID)
        /// List, create, reset and disable accounts of the viewer's school.
        case manageAccounts
        /// Change one account (reset its password).
        case manageAccount(User)
        /// Disable or re-enable one account (never one's own: staff must not lock themselves out).
        case disableAccount(User)
        /// See or revoke one signed-in device.
        case manageSession(DeviceSession)
        /// Turn an entry into work to hand in, or change how it is handed in.
        case setAssignment(NotebookEntry)
        /// Read an assignment (its instructions and deadline).
        case readAssignment(Assignment)
        /// Write and hand in one's own answer to an assignment (a pupil of its class).
        case workOnAssignment(Assignment)
        /// Read one pupil's submission (the pupil, their guardians, the class's teachers, staff).
        case readSubmission(Assignment, pupilID: User.ID)
        /// Read what a pupil wrote and attached (text and files): the pupil at any time; guardians,
        /// teachers and staff who may read the submission only once it is handed in ("a draft stays
        /// the pupil's own").
        case readSubmissionWork(Assignment, pupilID: User.ID, isHandedIn: Bool)
        /// See every pupil's submission of an assignment and download them all.
        case readAllSubmissions(Assignment)
        /// Write feedback and return submissions.
        case returnSubmissions(Assignment)
        /// Read a class's documents.
        case readDocuments(classID: SchoolClass.ID, schoolID: School.ID)
        /// Add documents to a class (its folders or its entries).
        case addDocuments(classID: SchoolClass.ID, schoolID: School.ID)
        /// Delete one document.
        case deleteDocument(Document)
        /// Turn on, change or turn off two-factor sign-in for one's own account (staff and teachers).
        case useTwoFactor
        /// Make two-factor sign-in mandatory, or not, for the staff of a school.
        case requireStaffTwoFactor(schoolID: School.ID)
        /// Read a school's security log (sign-ins, resets, two-factor changes, accounts disabled).
        case readSecurityLog(schoolID: School.ID)
        /// Set the text of a school's privacy page.
        case setPrivacyText(schoolID: School.ID)
    }

    /// Creates the policy.
    public init() {}

    /// Whether `viewer` may do `action`.
    public func allows(_ viewer: Viewer, _ action: Action) -> Bool {
        guard !viewer.user.isDisabled else { return false }
        switch action {
        case .readNotebook(let classID, let schoolID):
            return schoolID == viewer.schoolID && readableClassIDs(viewer).map { $0.contains(classID) } ?? true

        case .writeSomeNotebook:
            return viewer.role == .teacher && !viewer.teachings.isEmpty

        case .postToClass(let classID, let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .teacher && viewer.taughtClassIDs.contains(classID)

        case .writeNotebook(let classID, let subject, let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .teacher
                && viewer.teachings.contains { $0.classID == classID && $0.subject == subject }

        case .readEntry(let entry):
            return allows(viewer, .readNotebook(classID: entry.classID, schoolID: entry.schoolID))

        case .editEntry(let entry):
            guard entry.schoolID == viewer.schoolID, viewer.role == .teacher else { return false }
            return entry.teacherID == viewer.user.id && viewer.taughtClassIDs.contains(entry.classID)
                || viewer.teachings.contains { $0.classID == entry.classID && $0.subject == entry.content.subject }

        case .followPupil(let pupilID):
            switch viewer.role {
            case .pupil: return pupilID == viewer.user.id
            case .guardian: return viewer.children.contains { $0.pupil.id == pupilID }
            case .teacher, .staff: return false
            }

        case .manageAccounts:
            return viewer.role == .staff

        case .manageAccount(let user):
            return viewer.role == .staff && user.schoolID == viewer.schoolID

        case .disableAccount(let user):
            return viewer.role == .staff && user.schoolID == viewer.schoolID && user.id != viewer.user.id

        case .manageSession(let session):
            return session.userID == viewer.user.id && session.schoolID == viewer.schoolID

        case .setAssignment(let entry):
            return entry.content.hasWork && allows(viewer, .editEntry(entry))

        case .readAssignment(let assignment):
            return allows(viewer, .readNotebook(classID: assignment.classID, schoolID: assignment.schoolID))

        case .workOnAssignment(let assignment):
            return assignment.schoolID == viewer.schoolID && viewer.role == .pupil && viewer.classIDs.contains(assignment.classID)

        case .readSubmission(let assignment, let pupilID):
            guard assignment.schoolID == viewer.schoolID else { return false }
            switch viewer.role {
            case .pupil: return pupilID == viewer.user.id && viewer.classIDs.contains(assignment.classID)
            case .guardian: return viewer.children.contains { $0.pupil.id == pupilID && $0.classIDs.contains(assignment.classID) }
            case .teacher, .staff: return allows(viewer, .readAllSubmissions(assignment))
            }

        case .readSubmissionWork(let assignment, let pupilID, let isHandedIn):
            guard allows(viewer, .readSubmission(assignment, pupilID: pupilID)) else { return false }
            return isHandedIn || (viewer.role == .pupil && pupilID == viewer.user.id)

        case .readAllSubmissions(let assignment):
            guard assignment.schoolID == viewer.schoolID else { return false }
            return viewer.role == .staff || allows(viewer, .returnSubmissions(assignment))

        case .returnSubmissions(let assignment):
            return assignment.schoolID == viewer.schoolID && viewer.role == .teacher && viewer.taughtClassIDs.contains(assignment.classID)

        case .readDocuments(let classID, let schoolID):
            return allows(viewer, .readNotebook(classID: classID, schoolID: schoolID))

        case .addDocuments(let classID, let schoolID):
            return allows(viewer, .postToClass(classID: classID, schoolID: schoolID))

        case .deleteDocument(let document):
            return allows(viewer, .addDocuments(classID: document.classID, schoolID: document.schoolID))

        case .useTwoFactor:
            return viewer.role == .staff || viewer.role == .teacher

        case .requireStaffTwoFactor(let schoolID), .readSecurityLog(let schoolID), .setPrivacyText(let schoolID):
            return viewer.role == .staff && schoolID == viewer.schoolID
        }
    }

    /// The classes whose notebook `viewer` may read, or `nil` for "every class of the school" (staff).
    public func readableClassIDs(_ viewer: Viewer) -> Set<SchoolClass.ID>? {
        switch viewer.role {
        case .pupil: return viewer.classIDs
        case .guardian: return viewer.children.reduce(into: Set()) { $0.formUnion($1.classIDs) }
        case .teacher: return viewer.taughtClassIDs
        case .staff: return nil
        }
    }

    /// The pupils whose work `viewer` follows: themself for a pupil, their children for a guardian.
    public func followedPupils(_ viewer: Viewer) -> [Viewer.Child] {
        switch viewer.role {
        case .pupil: return [Viewer.Child(pupil: viewer.user, classIDs: viewer.classIDs)]
        case .guardian: return viewer.children
        case .teacher, .staff: return []
        }
    }
}
