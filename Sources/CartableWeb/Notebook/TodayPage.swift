import CartableCore
import CartableStore
import Foundation

/// The *Aujourd'hui* page.
struct TodayPage {
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var dateLine: String
    var days: [DayModel]
    var emptyMessage: String
    var notebookHref: String
    /// The day's courses, changes marked, rendered (``CourseRows``).
    var coursesHTML: String
    var hasCourses: Bool
    var noCourseMessage: String
    var timetableHref: String
    /// The pupil's absences and lateness.
    var attendanceHref: String
    /// Today's absences and lateness, as recorded (incidents said so).
    var absences: [String]
    var hasAbsences: Bool
    /// What is announced now to the pupil (or to the guardian about this child).
    var announcements: [AnnouncementsPage.Item] = [] {
        didSet { hasAnnouncements = !announcements.isEmpty }
    }
    /// Stored, not computed: templates read stored properties only.
    var hasAnnouncements = false
    /// Today is declared remote for the pupil's school or class: said once, above the courses, with staff's note.
    var remoteNotice: String?

    init(
        due: DueWork, courses slice: TimetableSlice, absences: [AttendanceActions.Record.Item] = [], links: CourseRowModel.LiveLinks,
        pupil: Viewer.Child, viewer: Viewer, extras: CardExtras, rows: CourseRows, t: Localizer
    ) {
        self.absences = absences.map { item in
            let what = item.event.said(t)
            let suffix = item.event.isIncident ? " · \(t("recordIncident"))" : item.event.isJustified ? " · \(t("schoolDayJustified"))" : ""
            return "\(item.occurrence.start.text) \(item.occurrence.course.subject) : \(what)\(suffix)"
        }
        hasAbsences = !absences.isEmpty
        let courses = CourseRowModel.rows(
            on: due.today, of: slice.occurrences(in: due.today...due.today), slice: slice, showClass: false, links: links, t: t)
        coursesHTML = rows.html(courses, t: t)
        hasCourses = !courses.isEmpty
        if let remote = slice.remoteDays.first(where: { $0.day == due.today && ($0.classID.map(pupil.classIDs.contains) ?? true) }) {
            remoteNotice = remote.note.isEmpty ? t("remoteTodayNotice") : "\(t("remoteTodayNotice")) \(remote.note)"
        }
        noCourseMessage = slice.year?.holiday(on: due.today).map { t("holidayNotice", ["name": $0.name]) } ?? t("noCourseToday")
        timetableHref = Route.timetable(pupil: viewer.role == .guardian ? pupil.pupil.id : nil, week: nil).href
        attendanceHref = Route.attendance(pupil: viewer.role == .guardian ? pupil.pupil.id : nil).href
        childTabs = ChildTab.tabs(for: viewer, current: pupil) { Route.today(pupil: $0) }
        hasChildTabs = childTabs.count > 1
        dateLine = t("todayDateLine", ["date": t.day(due.today)])
        days = due.days.map { day in
            let heading: String
            switch due.today.days(until: day.date) {
            case 0: heading = t("dueToday")
            case 1: heading = t("dueTomorrow")
            default: heading = t("dueOn", ["date": t.day(day.date)])
            }
            return DayModel(heading: heading, entries: day.entries.map { EntryCardModel($0, forToday: true, extras: extras, t: t) })
        }
        emptyMessage = viewer.role == .guardian ? t("nothingDueFor", ["name": pupil.pupil.firstName]) : t("nothingDue")
        notebookHref = Route.pupilNotebook(pupil: viewer.role == .guardian ? pupil.pupil.id : nil, week: nil).href
    }
}
