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

    /// A guardian justifies an absence (`?pupil=&date=` fill the form); the form posts here.
    static let justify = Path("/attendance/justify")
    /// Staff's list of the justifications that wait for them.
    static let justifications = Path("/attendance/justifications")
    /// Staff's decision on one justification.
    static let decision = Path1<Justification.ID>("/attendance/justifications/:justificationID")
    /// The proof sent with a justification (staff, the pupil, the pupil's guardians).
    static let proof = Path1<Justification.ID>("/attendance/justifications/:justificationID/proof")

    /// Vie scolaire's day (`?date=`): the school's absences and lateness, the rolls not taken.
    static let schoolDay = Path("/attendance/day")
    /// Staff remind the teachers of an occurrence to take its roll (`courseID`, `date` in the form).
    static let remind = Path("/attendance/day/remind")

    /// Staff's view of one pupil's record (`?from=&to=` for a period).
    static let pupilRecord = Path1<User.ID>("/attendance/pupils/:pupilID")
    /// Staff lift (or restore) the incident on one of the pupil's absences.
    static let liftIncident = Path1<User.ID>("/attendance/pupils/:pupilID/incidents")

    /// Staff record an absence over a period for the pupil (every course it covers).
    static let recordPeriod = Path1<User.ID>("/attendance/pupils/:pupilID/period")

    /// The school's reasons: the list, and the form that adds one.
    static let reasons = Path("/attendance/reasons")
    /// One reason changed.
    static let reason = Path1<AbsenceReason.ID>("/attendance/reasons/:reasonID")

    /// Staff's incident windows: the list, and the form that declares one.
    static let incidents = Path("/attendance/incidents")

    /// Staff confirm (or dismiss) an incident the node measured.
    static let proposal = Path1<NodeSignal.ID>("/attendance/incidents/proposals/:signalID")

    /// Staff's days declared remote: the list, and the form that declares one.
    static let remoteDays = Path("/attendance/remote-days")
    /// One remote day taken back.
    static let remoteDayRemoval = Path1<RemoteDay.ID>("/attendance/remote-days/:remoteDayID/delete")
    /// The school's attendance settings (pupils of age justify their own absences).
    static let settings = Path("/attendance/settings")

    /// The pupils past the legal threshold of unjustified half-days in a month, and the export form.
    static let alerts = Path("/attendance/alerts")
    /// A period's absences and lateness as CSV (`?from=&to=`).
    static let export = Path("/attendance/export.csv")

    /// Every path of attendance, pages and API.
    static let all: [any DeclaredPath] = [
        roll, rollDone, rollUnjoined, record, justify, justifications, decision, proof, schoolDay, remind, pupilRecord, liftIncident, incidents,
        alerts, export, recordPeriod, proposal, reasons, reason, remoteDays, remoteDayRemoval, settings,
    ]
}

extension AppServices {
    /// The signed-in viewer if they keep the school's attendance (staff); anyone else: ``NotFound``.
    func attendanceStaff(_ context: AppRequestContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        return viewer
    }
}
