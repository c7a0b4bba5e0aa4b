import CartableCore

/// Attendance's paths, each written once: the router, the links and the tests all read them here.
enum AttendanceRoutes {
    /// The roll of one occurrence (the course and the day it was planned on): the teacher's page; each tap posts here.
    static let roll = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/roll")
    /// "The roll is done": everyone not tapped was present.
    static let rollDone = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/roll/done")
    /// For a live class: marks absent, in one tap of the teacher, the pupils who did not join and were not tapped.
    static let rollUnjoined = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/roll/unjoined")

    /// A pupil's absences and lateness this school year: the pupil's own, a guardian's child's (`?pupil=`).
    static let record = Path("/attendance")

    /// Every path of attendance, pages and API.
    static let all: [any DeclaredPath] = [roll, rollDone, rollUnjoined, record]
}
