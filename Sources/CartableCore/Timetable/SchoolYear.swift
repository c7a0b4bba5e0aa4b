/// A school's year: when it runs, its holidays, and whether its weeks alternate between A and B.
///
/// Courses happen only on days inside the year and outside every holiday.
public struct SchoolYear: Hashable, Sendable, Codable {
    /// A holiday: no course happens from its first to its last day, both included.
    public struct Holiday: Hashable, Sendable, Codable {
        /// What people call it ("Vacances de la Toussaint").
        public var name: String
        /// Its first day.
        public var firstDay: LocalDate
        /// Its last day.
        public var lastDay: LocalDate

        /// Creates a holiday.
        public init(name: String, firstDay: LocalDate, lastDay: LocalDate) {
            self.name = name
            self.firstDay = firstDay
            self.lastDay = lastDay
        }
    }

    /// The school the year belongs to.
    public var schoolID: School.ID
    /// The first day of classes.
    public var firstDay: LocalDate
    /// The last day of classes.
    public var lastDay: LocalDate
    /// The Monday of a week A, if the school alternates week A and week B; `nil` if every week is the same.
    ///
    /// Weeks alternate by the calendar from there, holidays included: the week after a week A is a week B
    /// even if a holiday lies between (the schools that want otherwise change the reference each term).
    public var weekAMonday: LocalDate?
    /// The holidays, in any order.
    public var holidays: [Holiday]

    /// Creates a school year.
    public init(schoolID: School.ID, firstDay: LocalDate, lastDay: LocalDate, weekAMonday: LocalDate?, holidays: [Holiday]) {
        self.schoolID = schoolID
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.weekAMonday = weekAMonday?.startOfWeek
        self.holidays = holidays
    }

    /// Week A or B of `date`, or `nil` when the school does not alternate.
    public func week(of date: LocalDate) -> WeeklyCourse.Weeks? {
        guard let weekAMonday else { return nil }
        let weeks = weekAMonday.days(until: date.startOfWeek) / 7
        return weeks % 2 == 0 ? .weekA : .weekB
    }

    /// The holiday `date` falls in, if any.
    public func holiday(on date: LocalDate) -> Holiday? {
        holidays.first { $0.firstDay <= date && date <= $0.lastDay }
    }

    /// Whether courses happen on `date` (inside the year, not a holiday; the weekday is the course's business).
    public func hasClasses(on date: LocalDate) -> Bool {
        firstDay <= date && date <= lastDay && holiday(on: date) == nil
    }
}
