/// What the access policy decides about the timetable (one part of ``AccessPolicy/Action``).
public enum TimetableAccess: Sendable, Hashable {
    /// Read a class's or group's timetable.
    case readClassTimetable(classID: SchoolClass.ID, schoolID: School.ID)
    /// Read a teacher's own timetable (the teacher, or the school's staff).
    case readTeacherTimetable(teacherID: User.ID, schoolID: School.ID)
    /// Set up the school year and the weekly timetable, and change one occurrence.
    case editTimetable(schoolID: School.ID)
}

extension AccessPolicy.Action {
    /// Read a class's or group's timetable.
    public static func readClassTimetable(classID: SchoolClass.ID, schoolID: School.ID) -> Self {
        .timetable(.readClassTimetable(classID: classID, schoolID: schoolID))
    }
    /// Read a teacher's own timetable (the teacher, or the school's staff).
    public static func readTeacherTimetable(teacherID: User.ID, schoolID: School.ID) -> Self {
        .timetable(.readTeacherTimetable(teacherID: teacherID, schoolID: schoolID))
    }
    /// Set up the school year and the weekly timetable, and change one occurrence.
    public static func editTimetable(schoolID: School.ID) -> Self { .timetable(.editTimetable(schoolID: schoolID)) }
}

extension AccessPolicy {
    /// The rules about the timetable (DESIGN.md §3: read own classes', own children's, own; staff all and edit).
    func allows(_ viewer: Viewer, timetable action: TimetableAccess) -> Bool {
        switch action {
        case .readClassTimetable(let classID, let schoolID):
            // The same readers as the class's notebook.
            return schoolID == viewer.schoolID && readableClassIDs(viewer).map { $0.contains(classID) } ?? true
        case .readTeacherTimetable(let teacherID, let schoolID):
            guard schoolID == viewer.schoolID else { return false }
            return viewer.role == .staff || (viewer.role == .teacher && viewer.user.id == teacherID)
        case .editTimetable(let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .staff
        }
    }
}
