import CartableCore

/// Staff's form for the school year: its first and last days, week A, and the holidays one per line.
struct SchoolYearPage {
    var values: [String: String]
    var errors: [String: String]
    var hasErrors: Bool

    /// The form's fields for `year` (empty when none is set).
    static func values(of year: SchoolYear?) -> [String: String] {
        guard let year else { return [:] }
        return [
            "firstDay": year.firstDay.iso, "lastDay": year.lastDay.iso, "weekA": year.weekAMonday?.iso ?? "",
            "holidays": year.holidays.sorted { $0.firstDay < $1.firstDay }.map { "\($0.name); \($0.firstDay.iso); \($0.lastDay.iso)" }
                .joined(separator: "\n"),
        ]
    }
}
