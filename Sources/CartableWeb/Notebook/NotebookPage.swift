import CartableCore
import Foundation

/// A week of a notebook: a pupil's (all their classes) or one class's.
struct NotebookPage {
    var heading: String
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var previousHref: String
    var thisWeekHref: String
    var nextHref: String
    var weekLabel: String
    var canWrite: Bool
    var newEntryHref: String
    var documentsHref: String?
    var days: [DayModel]

    init(
        heading: String, week: NotebookWeek, childTabs: [ChildTab] = [], canWrite: Bool = false, newEntryHref: String = "",
        documentsHref: String? = nil, extras: CardExtras, link: (LocalDate?) -> String, t: Localizer
    ) {
        self.documentsHref = documentsHref
        self.heading = heading
        self.childTabs = childTabs
        hasChildTabs = childTabs.count > 1
        previousHref = link(week.monday.adding(days: -7))
        thisWeekHref = link(nil)
        nextHref = link(week.monday.adding(days: 7))
        weekLabel = t("weekOf", ["start": t.day(week.monday), "end": t.day(week.monday.adding(days: 6))])
        self.canWrite = canWrite
        self.newEntryHref = newEntryHref
        days = week.days.map { day in
            DayModel(
                heading: t.day(day.date).capitalizedFirst, entries: day.entries.map { EntryCardModel($0, forToday: false, extras: extras, t: t) })
        }
    }
}
