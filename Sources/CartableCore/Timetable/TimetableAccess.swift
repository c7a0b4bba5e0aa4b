/// What the access policy decides about the timetable (one part of ``AccessPolicy/Action``).
public enum TimetableAccess: Sendable, Hashable {
    /// Read a class's or group's timetable.
    case readClassTimetable(classID: SchoolClass.ID, schoolID: School.ID)
    /// Read a teacher's own timetable (the teacher, or the school's staff).
    case readTeacherTimetable(teacherID: User.ID, schoolID: School.ID)
    /// Set up the school year and the weekly timetable, and change one occurrence.
    case editTimetable(schoolID: School.ID)
    /// Choose how a course happens (in the room, a live class, a link): its teachers and staff.
    case setLiveMode(WeeklyCourse)
    /// Join an occurrence of a course online: its pupils (class or group), its teachers (the replacement too), staff.
    case joinCourse(classID: SchoolClass.ID, teacherIDs: [User.ID], schoolID: School.ID)
    /// Set the school's own live-class servers (its staff).
    case manageVideo(schoolID: School.ID)
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
    /// Choose how a course happens.
    public static func setLiveMode(_ course: WeeklyCourse) -> Self { .timetable(.setLiveMode(course)) }
    /// Set the school's own live-class servers.
    public static func manageVideo(schoolID: School.ID) -> Self { .timetable(.manageVideo(schoolID: schoolID)) }
    /// Join an occurrence online.
    public static func joinCourse(_ occurrence: CourseOccurrence) -> Self {
        .timetable(
            .joinCourse(
                classID: occurrence.course.classID, teacherIDs: occurrence.teacherIDs + occurrence.course.teacherIDs,
                schoolID: occurrence.course.schoolID))
    }
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
        case .editTimetable(let schoolID), .manageVideo(let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .staff
        case .setLiveMode(let course):
            guard course.schoolID == viewer.schoolID else { return false }
            return viewer.role == .staff || (viewer.role == .teacher && course.teacherIDs.contains(viewer.user.id))
        case .joinCourse(let classID, let teacherIDs, let schoolID):
            guard schoolID == viewer.schoolID else { return false }
            switch viewer.role {
            case .pupil: return viewer.classIDs.contains(classID)
            case .teacher: return teacherIDs.contains(viewer.user.id)
            case .staff: return true
            case .guardian: return false
            }
        }
    }
}
