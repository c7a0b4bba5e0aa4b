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
        /// Where its justification stands, said for the family.
        var justification: String?
        /// Staff's word when they refused it.
        var decisionNote: String?
        /// For a guardian: where to justify it (not an incident, not justified or waiting).
        var justifyHref: String?
    }

    var heading: String
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var since: String
    var totals: String
    var items: [Item]
    var hasItems: Bool
    var nothing: String

    /// - Parameter canJustify: whether the viewer may justify this pupil's absences (a guardian).
    init(_ record: AttendanceActions.Record, pupil: Viewer.Child, viewer: Viewer, canJustify: Bool, t: Localizer) {
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
            var justification: String?
            var decisionNote: String?
            switch item.event.justification {
            case .none: break
            case .pending: justification = t("justificationPending")
            case .accepted: justification = t("justificationAccepted", ["reason": item.event.reason?.label ?? ""])
            case .refused:
                justification = t("justificationRefused")
                decisionNote = item.justification.flatMap { $0.decisionNote.isEmpty ? nil : $0.decisionNote }
            }
            let open = !item.event.isIncident && (item.event.justification == .none || item.event.justification == .refused)
            let justifyHref = canJustify && open
                ? AttendanceRoutes.justify.href(query: ["pupil": pupil.pupil.id.rawValue, "date": item.occurrence.date.iso]) : nil
            return Item(
                day: t.day(item.occurrence.date).capitalizedFirst,
                course: "\(t("courseTime", ["start": item.occurrence.start.text, "end": item.occurrence.end.text])) \(item.occurrence.course.subject)",
                what: what, isIncident: item.event.isIncident, incidentNote: item.event.isIncident ? item.incidentNote : nil,
                justification: justification, decisionNote: decisionNote, justifyHref: justifyHref)
        }
        hasItems = !items.isEmpty
        nothing = t("recordNothing")
    }
}
