import CartableCore

/// The timetable's paths, each written once: the router, the links and the tests all read them here.
enum TimetableRoutes {
    /// The viewer's week: a pupil's, a guardian's child's (`?pupil=`), a teacher's own (`?week=` any day of it).
    static let week = Path("/timetable")
    /// One class's or group's week (`?week=`).
    static let classWeek = Path1<SchoolClass.ID>("/classes/:classID/timetable")

    /// Staff's form for one occurrence of a course (the day it was planned on); it posts here too.
    static let occurrence = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date")
    /// Staff's form for an extra course of a class or group (`?date=` proposes a day); it posts here too.
    static let extraCourse = Path1<SchoolClass.ID>("/classes/:classID/timetable/extra")
    /// Removes an extra course (refused once someone joined it online: it can still be cancelled).
    static let removeExtra = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/remove")
    /// Puts an occurrence back as planned (removes its change).
    static let resetOccurrence = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/reset")

    /// The person's calendar feed link: shown once when made (posting makes a new one).
    static let calendarSettings = Path("/account/calendar")
    /// Removes the person's calendar feed link.
    static let removeCalendar = Path("/account/calendar/remove")
    /// The feed itself, for calendar apps: no session, the secret in the path.
    static let feed = Path1<FeedToken>("/calendar/:token")

    /// Staff's import of the weekly timetable from a CSV file: a preview first, applied once confirmed.
    static let timetableImport = Path("/admin/timetable/import")

    /// Staff's form for the school year (days, holidays, week A); it posts here too.
    static let schoolYear = Path("/admin/timetable/year")

    /// *Rejoindre*: through Cartable to the occurrence's live class (or its link), the join recorded.
    static let join = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/join")
    /// The teacher's form: how the course happens (this occurrence or every week); it posts here too.
    static let liveMode = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/live")
    /// Ends the occurrence's live class on the video server (its teachers and staff).
    static let endLive = Path2<WeeklyCourse.ID, LocalDate>("/timetable/courses/:courseID/:date/end")

    /// Staff's form for the school's own live-class servers; it posts here too.
    static let videoSettings = Path("/admin/video")

    /// The timetable's JSON API (read only).
    enum API {
        /// The viewer's week (`?week=`; `?pupil=` picks a guardian's child), as ``TimetableRoutes/week`` shows it.
        static let week = Path("/api/v1/timetable")
        /// One class's or group's week (`?week=`), as ``TimetableRoutes/classWeek`` shows it.
        static let classWeek = Path1<SchoolClass.ID>("/api/v1/classes/:classID/timetable")

        /// Every API path of the timetable.
        static let all: [any DeclaredPath] = [week, classWeek]
    }

    /// Every path of the timetable, pages and API.
    static let all: [any DeclaredPath] =
        [week, classWeek, occurrence, extraCourse, removeExtra, resetOccurrence, calendarSettings, removeCalendar, feed, timetableImport, schoolYear, join, liveMode, endLive, videoSettings]
        + API.all
}
