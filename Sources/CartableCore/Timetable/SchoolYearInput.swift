/// Staff's school year as typed into the form, before any check.
public struct SchoolYearInput: Sendable, Hashable, Codable {
    /// The first day of classes, `YYYY-MM-DD`.
    public var firstDay: String?
    /// The last day of classes.
    public var lastDay: String?
    /// A Monday of a week A (any day of that week), or empty when weeks do not alternate.
    public var weekA: String?
    /// One holiday per line: `name; first day; last day` (days as `YYYY-MM-DD` or `DD/MM/YYYY`).
    public var holidays: String?

    /// Creates an input.
    public init(firstDay: String? = nil, lastDay: String? = nil, weekA: String? = nil, holidays: String? = nil) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.weekA = weekA
        self.holidays = holidays
    }

    /// Most holidays in a year.
    public static let maximumHolidays = 30

    /// Checks the input; throws every problem at once.
    public func validated(for schoolID: School.ID) throws(ValidationError) -> SchoolYear {
        var issues: [FieldIssue] = []
        func day(_ text: String?, _ field: String) -> LocalDate? {
            let clean = TextRules.clean(text)
            if clean.isEmpty {
                issues.append(.init(field: field, problem: .required))
                return nil
            }
            guard let date = TimetableCSV.date(clean) else {
                issues.append(.init(field: field, problem: .invalidDate))
                return nil
            }
            return date
        }
        let first = day(firstDay, "firstDay")
        let last = day(lastDay, "lastDay")
        if let first, let last {
            if last <= first {
                issues.append(.init(field: "lastDay", problem: .endBeforeStart))
            } else if first.days(until: last) > 400 {
                issues.append(.init(field: "lastDay", problem: .dateOutOfRange))
            }
        }
        var reference: LocalDate?
        let weekText = TextRules.clean(weekA)
        if !weekText.isEmpty {
            if let date = TimetableCSV.date(weekText) { reference = date } else { issues.append(.init(field: "weekA", problem: .invalidDate)) }
        }
        var periods: [SchoolYear.Holiday] = []
        let lines = TextRules.clean(holidays, multiline: true).split(whereSeparator: \.isNewline).map { String($0) }
            .filter { !$0.trimmingWhitespace().isEmpty }
        if lines.count > Self.maximumHolidays { issues.append(.init(field: "holidays", problem: .tooMany(max: Self.maximumHolidays))) }
        for line in lines.prefix(Self.maximumHolidays) {
            let parts = line.split(separator: ";", omittingEmptySubsequences: false).map { TextRules.clean(String($0)) }
            guard parts.count == 3, !parts[0].isEmpty, parts[0].count <= 80, let start = TimetableCSV.date(parts[1]),
                let end = TimetableCSV.date(parts[2]), start <= end
            else {
                issues.append(.init(field: "holidays", problem: .invalidChoice))
                break
            }
            periods.append(.init(name: parts[0], firstDay: start, lastDay: end))
        }
        guard issues.isEmpty, let first, let last else { throw ValidationError(issues) }
        return SchoolYear(schoolID: schoolID, firstDay: first, lastDay: last, weekAMonday: reference, holidays: periods)
    }
}
