import CartableCore
import CartableStore

/// A week of a timetable: a pupil's, a teacher's or one class's, Monday to Friday (to Saturday or Sunday when they have courses).
struct TimetableWeekPage {
    struct Day {
        var heading: String
        /// The day's course rows, rendered (``CourseRows``).
        var coursesHTML: String
        var hasCourses: Bool
        var holiday: String?
        /// Staff's link to add an extra course that day (a class's week only).
        var addHref: String?
    }

    var heading: String
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var previousHref: String
    var thisWeekHref: String
    var nextHref: String
    var weekLabel: String
    var days: [Day]

    /// A roll staff reminded the teacher of (a teacher's own week only).
    struct Reminder {
        var text: String
        var rollHref: String
    }

    /// Stored, not computed: the templates read properties by reflection.
    var reminders: [Reminder] = [] { didSet { hasReminders = !reminders.isEmpty } }
    var hasReminders = false

    init(
        heading: String, slice: TimetableSlice, monday: LocalDate, childTabs: [ChildTab] = [], showClass: Bool, canEdit: Bool = false,
        links: CourseRowModel.LiveLinks = .none, addLink: ((LocalDate) -> String)? = nil, link: (LocalDate?) -> String, rows: CourseRows,
        t: Localizer
    ) {
        self.heading = heading
        self.childTabs = childTabs
        hasChildTabs = childTabs.count > 1
        previousHref = link(monday.adding(days: -7))
        thisWeekHref = link(nil)
        nextHref = link(monday.adding(days: 7))
        let letter = slice.year?.week(of: monday).map { $0 == .weekA ? t("weekA") : t("weekB") }
        weekLabel = [t("weekOf", ["start": t.day(monday), "end": t.day(monday.adding(days: 6))]), letter].compactMap { $0 }.joined(separator: " · ")
        let occurrences = slice.occurrences(in: monday...monday.adding(days: 6))
        // Monday to Friday, and on to the last weekend day that has a course (a Sunday course was once left out).
        let lastDay = max(5, occurrences.map(\.date.isoWeekday).max() ?? 5)
        days = (0..<lastDay).map { offset in
            let date = monday.adding(days: offset)
            let courses = CourseRowModel.rows(on: date, of: occurrences, slice: slice, showClass: showClass, canEdit: canEdit, links: links, t: t)
            return Day(
                heading: t.day(date).capitalizedFirst, coursesHTML: rows.html(courses, t: t), hasCourses: !courses.isEmpty,
                holiday: slice.year?.holiday(on: date).map { t("holidayNotice", ["name": $0.name]) }, addHref: addLink?(date))
        }
    }
}
