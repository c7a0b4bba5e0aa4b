import Foundation

/// What the access policy decides about the homework notebook (one part of ``AccessPolicy/Action``).
public enum NotebookAccess: Sendable, Hashable {
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
}

extension AccessPolicy.Action {
    /// Read the notebook of a class or group.
    public static func readNotebook(classID: SchoolClass.ID, schoolID: School.ID) -> Self { .notebook(.readNotebook(classID: classID, schoolID: schoolID)) }
    /// Write in some class's notebook (open the form at all).
    public static var writeSomeNotebook: Self { .notebook(.writeSomeNotebook) }
    /// Post entries to a class at all (the classes offered in the teacher's form).
    public static func postToClass(classID: SchoolClass.ID, schoolID: School.ID) -> Self { .notebook(.postToClass(classID: classID, schoolID: schoolID)) }
    /// Write a new entry in a class's notebook, for a subject.
    public static func writeNotebook(classID: SchoolClass.ID, subject: String, schoolID: School.ID) -> Self { .notebook(.writeNotebook(classID: classID, subject: subject, schoolID: schoolID)) }
    /// Read one entry.
    public static func readEntry(_ value: NotebookEntry) -> Self { .notebook(.readEntry(value)) }
    /// Change or delete one entry.
    public static func editEntry(_ value: NotebookEntry) -> Self { .notebook(.editEntry(value)) }
    /// See a pupil's work and notebook (the pupil themself or their guardian).
    public static func followPupil(_ value: User.ID) -> Self { .notebook(.followPupil(value)) }
}

extension AccessPolicy {
    /// The rules about the homework notebook.
    func allows(_ viewer: Viewer, notebook action: NotebookAccess) -> Bool {
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
        }
    }
}
