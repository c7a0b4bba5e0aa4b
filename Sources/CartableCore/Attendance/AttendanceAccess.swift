/// What the access policy decides about attendance (one part of ``AccessPolicy/Action``).
public enum AttendanceAccess: Sendable, Hashable {
    /// Take or correct the roll of an occurrence: the teachers who teach it that day (a replacement too), staff.
    case takeRoll(teacherIDs: [User.ID], schoolID: School.ID)
    /// Read the roll of an occurrence: its teachers (the planned ones too), staff.
    case readRoll(teacherIDs: [User.ID], schoolID: School.ID)
    /// Read a pupil's absences and lateness: the pupil, their guardians, staff.
    case readPupilAttendance(pupilID: User.ID, schoolID: School.ID)
    /// Justify a pupil's absence: their guardians; the pupil themself when the school lets pupils of age do so.
    case justify(pupilID: User.ID, schoolID: School.ID, pupilMayJustify: Bool)
    /// Keep the reasons, decide justifications, record period absences, declare incident windows, export: staff.
    case manageAttendance(schoolID: School.ID)
}

extension AccessPolicy.Action {
    /// Take or correct the roll of `occurrence`.
    public static func takeRoll(_ occurrence: CourseOccurrence) -> Self {
        .attendance(.takeRoll(teacherIDs: occurrence.teacherIDs, schoolID: occurrence.course.schoolID))
    }
    /// Read the roll of `occurrence`.
    public static func readRoll(_ occurrence: CourseOccurrence) -> Self {
        .attendance(.readRoll(teacherIDs: occurrence.teacherIDs + occurrence.course.teacherIDs, schoolID: occurrence.course.schoolID))
    }
    /// Read a pupil's attendance.
    public static func readPupilAttendance(pupilID: User.ID, schoolID: School.ID) -> Self {
        .attendance(.readPupilAttendance(pupilID: pupilID, schoolID: schoolID))
    }
    /// Justify a pupil's absence.
    public static func justify(pupilID: User.ID, schoolID: School.ID, pupilMayJustify: Bool) -> Self {
        .attendance(.justify(pupilID: pupilID, schoolID: schoolID, pupilMayJustify: pupilMayJustify))
    }
    /// Manage the school's attendance.
    public static func manageAttendance(schoolID: School.ID) -> Self { .attendance(.manageAttendance(schoolID: schoolID)) }
}

extension AccessPolicy {
    /// The rules about attendance: the pupil reads their own, guardians their children's, a teacher the rolls of the
    /// courses they teach, staff all of the school; only a guardian of the pupil (or the pupil, if the school allows it)
    /// justifies.
    func allows(_ viewer: Viewer, attendance action: AttendanceAccess) -> Bool {
        switch action {
        case .takeRoll(let teacherIDs, let schoolID), .readRoll(let teacherIDs, let schoolID):
            guard schoolID == viewer.schoolID else { return false }
            return viewer.role == .staff || (viewer.role == .teacher && teacherIDs.contains(viewer.user.id))
        case .readPupilAttendance(let pupilID, let schoolID):
            guard schoolID == viewer.schoolID else { return false }
            switch viewer.role {
            case .pupil: return viewer.user.id == pupilID
            case .guardian: return viewer.children.contains { $0.pupil.id == pupilID }
            case .staff: return true
            case .teacher: return false
            }
        case .justify(let pupilID, let schoolID, let pupilMayJustify):
            guard schoolID == viewer.schoolID else { return false }
            switch viewer.role {
            case .guardian: return viewer.children.contains { $0.pupil.id == pupilID }
            case .pupil: return pupilMayJustify && viewer.user.id == pupilID
            case .teacher, .staff: return false
            }
        case .manageAttendance(let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .staff
        }
    }
}
