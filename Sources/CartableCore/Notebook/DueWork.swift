import Foundation

extension NotebookEntry {
    /// Orders entries by subject as people read it ("Éducation musicale" among the E's), then by when they were written.
    public static func bySubject(_ lhs: NotebookEntry, _ rhs: NotebookEntry) -> Bool {
        let left = lhs.content.subject.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let right = rhs.content.subject.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return (left, lhs.createdAt, lhs.id) < (right, rhs.createdAt, rhs.id)
    }
}

/// The work a pupil has to do, grouped by the day it is due: the *Aujourd'hui* page.
public struct DueWork: Sendable, Hashable {
    /// All the work due on one day.
    public struct Day: Sendable, Hashable {
        /// The due date.
        public var date: LocalDate
        /// The entries due that day, by subject.
        public var entries: [NotebookEntry]
    }

    /// How many days ahead the page looks, today included.
    public static let horizon = 14

    /// Today in the school's zone.
    public var today: LocalDate
    /// The days with work, soonest first.
    public var days: [Day]

    /// Groups `entries` that carry work due from `today` to the horizon by due date.
    public init(entries: [NotebookEntry], today: LocalDate) {
        self.today = today
        let last = today.adding(days: Self.horizon - 1)
        var byDay: [LocalDate: [NotebookEntry]] = [:]
        for entry in entries {
            guard let due = entry.content.dueDate, due >= today, due <= last else { continue }
            byDay[due, default: []].append(entry)
        }
        self.days = byDay.keys.sorted().map { date in
            let sorted = byDay[date]!.sorted(by: NotebookEntry.bySubject)
            return Day(date: date, entries: sorted)
        }
    }

    /// The range of due dates the page covers.
    public var dueRange: ClosedRange<LocalDate> { Self.dueRange(from: today) }

    /// The due dates the page covers when today is `today`.
    public static func dueRange(from today: LocalDate) -> ClosedRange<LocalDate> { today...today.adding(days: horizon - 1) }
}

/// One week of a notebook: the sessions of each day and what was done in them.
public struct NotebookWeek: Sendable, Hashable {
    /// One day of the week.
    public struct Day: Sendable, Hashable {
        /// The date.
        public var date: LocalDate
        /// The entries of sessions held that day.
        public var entries: [NotebookEntry]
    }

    /// The Monday the week starts on.
    public var monday: LocalDate
    /// Monday to Saturday, and Sunday only if something happened then.
    public var days: [Day]

    /// Spreads `entries` over the week that starts on the Monday of `anyDay`.
    public init(entries: [NotebookEntry], anyDay: LocalDate) {
        let monday = anyDay.startOfWeek
        self.monday = monday
        var byDay: [LocalDate: [NotebookEntry]] = [:]
        for entry in entries where entry.content.sessionDate.startOfWeek == monday {
            byDay[entry.content.sessionDate, default: []].append(entry)
        }
        self.days = (0..<7).compactMap { offset in
            let date = monday.adding(days: offset)
            let items = (byDay[date] ?? []).sorted(by: NotebookEntry.bySubject)
            if offset == 6 && items.isEmpty { return nil }
            return Day(date: date, entries: items)
        }
    }

    /// The first and last day of the week.
    public var range: ClosedRange<LocalDate> { Self.range(containing: monday) }

    /// Monday to Sunday of the week that contains `day`.
    public static func range(containing day: LocalDate) -> ClosedRange<LocalDate> {
        day.startOfWeek...day.startOfWeek.adding(days: 6)
    }
}
