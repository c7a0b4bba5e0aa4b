import Foundation

/// What the access policy decides about work to hand in (one part of ``AccessPolicy/Action``).
public enum AssignmentAccess: Sendable, Hashable {
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
}

extension AccessPolicy.Action {
    /// Turn an entry into work to hand in, or change how it is handed in.
    public static func setAssignment(_ value: NotebookEntry) -> Self { .assignments(.setAssignment(value)) }
    /// Read an assignment (its instructions and deadline).
    public static func readAssignment(_ value: Assignment) -> Self { .assignments(.readAssignment(value)) }
    /// Write and hand in one's own answer to an assignment (a pupil of its class).
    public static func workOnAssignment(_ value: Assignment) -> Self { .assignments(.workOnAssignment(value)) }
    /// Read one pupil's submission (the pupil, their guardians, the class's teachers, staff).
    public static func readSubmission(_ value: Assignment, pupilID: User.ID) -> Self { .assignments(.readSubmission(value, pupilID: pupilID)) }
    /// Read what a pupil wrote and attached (text and files): the pupil at any time; guardians,
    /// teachers and staff who may read the submission only once it is handed in ("a draft stays
    /// the pupil's own").
    public static func readSubmissionWork(_ value: Assignment, pupilID: User.ID, isHandedIn: Bool) -> Self { .assignments(.readSubmissionWork(value, pupilID: pupilID, isHandedIn: isHandedIn)) }
    /// See every pupil's submission of an assignment and download them all.
    public static func readAllSubmissions(_ value: Assignment) -> Self { .assignments(.readAllSubmissions(value)) }
    /// Write feedback and return submissions.
    public static func returnSubmissions(_ value: Assignment) -> Self { .assignments(.returnSubmissions(value)) }
}

extension AccessPolicy {
    /// The rules about work to hand in.
    func allows(_ viewer: Viewer, assignments action: AssignmentAccess) -> Bool {
        switch action {
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
        }
    }
}
