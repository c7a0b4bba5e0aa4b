import CartableCore
import CartableStore

/// A pupil's absences and lateness, for the pupil and their guardians: the totals, then each one, newest first.
struct AttendanceRecordPage {
    struct Item {
        var day: String
        var course: String
        var what: String
        var isIncident: Bool
        var incidentNote: String?
    }

    var heading: String
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var since: String
    var totals: String
    var items: [Item]
    var hasItems: Bool
    var nothing: String

    init(_ record: AttendanceActions.Record, pupil: Viewer.Child, viewer: Viewer, t: Localizer) {
        heading = viewer.role == .guardian ? t("recordOf", ["name": pupil.pupil.firstName]) : t("recordTitle")
        childTabs = ChildTab.tabs(for: viewer, current: pupil) { .attendance(pupil: $0) }
        hasChildTabs = childTabs.count > 1
        since = t("recordSince", ["date": t.day(record.from)])
        let summary = record.summary
        totals = t(
            "recordTotals",
            [
                "halfDays": String(summary.halfDaysAbsent), "justified": String(summary.justifiedHalfDays),
                "unjustified": String(summary.unjustifiedHalfDays), "late": String(summary.lateness),
            ])
        items = record.items.map { item in
            let minutes = item.event.minutes.map(String.init) ?? ""
            let what: String =
                switch item.event.status {
                case .absent, .present: t("rollAbsent")
                case .late: t("rollIsLate", ["minutes": minutes]).capitalizedFirst
                case .leftEarly: t("rollIsLeftEarly", ["minutes": minutes]).capitalizedFirst
                }
            return Item(
                day: t.day(item.occurrence.date).capitalizedFirst,
                course: "\(t("courseTime", ["start": item.occurrence.start.text, "end": item.occurrence.end.text])) \(item.occurrence.course.subject)",
                what: what, isIncident: item.event.isIncident, incidentNote: item.event.isIncident ? item.incidentNote : nil)
        }
        hasItems = !items.isEmpty
        nothing = t("recordNothing")
    }
}
