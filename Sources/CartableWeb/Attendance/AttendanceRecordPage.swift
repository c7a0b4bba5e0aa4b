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
        /// For staff: lift the incident (count the absence), or restore it.
        var lift: Lift?
    }

    struct Lift {
        var action: String
        var courseID: String
        var date: String
        var windowID: String
        var value: String
        var label: String
    }

    var heading: String
    /// For staff: the period form.
    var period: Period?
    var childTabs: [ChildTab]
    var hasChildTabs: Bool
    var since: String
    var totals: String
    var items: [Item]
    var hasItems: Bool
    var nothing: String

    /// Staff's form: an absence over a period.
    struct AbsenceForm {
        struct Choice {
            var id: String
            var label: String
            var isSelected: Bool
        }

        var action: String
        var values: [String: String]
        var reasons: [Choice]
        var errors: [String: String]
        var hasErrors: Bool

        init(pupil: Viewer.Child, reasons: [AbsenceReason], values: [String: String], errors: ValidationError?, t: Localizer) {
            action = AttendanceRoutes.recordPeriod.href(pupil.pupil.id)
            self.values = values
            let selected = values["reason"] ?? ""
            self.reasons = reasons.map { Choice(id: $0.id.rawValue, label: $0.label, isSelected: $0.id.rawValue == selected) }
            self.errors = errors.map { t.fieldErrors($0) } ?? [:]
            hasErrors = errors != nil
        }
    }

    var absenceForm: AbsenceForm?

    struct Period {
        var action: String
        var from: String
        var to: String
    }

    /// - Parameter canJustify: whether the viewer may justify this pupil's absences (a guardian).
    /// - Parameter canLift: whether the viewer may lift incidents (staff).
    init(_ record: AttendanceActions.Record, pupil: Viewer.Child, viewer: Viewer, canJustify: Bool, canLift: Bool = false, t: Localizer) {
        switch viewer.role {
        case .guardian: heading = t("recordOf", ["name": pupil.pupil.firstName])
        case .staff, .teacher: heading = t("recordOf", ["name": pupil.pupil.displayName])
        case .pupil: heading = t("recordTitle")
        }
        period = canLift
            ? Period(action: AttendanceRoutes.pupilRecord.href(pupil.pupil.id), from: record.from.iso, to: record.to.iso) : nil
        childTabs = ChildTab.tabs(for: viewer, current: pupil) { .attendance(pupil: $0) }
        hasChildTabs = childTabs.count > 1
        since = canLift ? t("recordPeriod", ["from": t.day(record.from), "to": t.day(record.to)]) : t("recordSince", ["date": t.day(record.from)])
        let summary = record.summary
        totals = t(
            "recordTotals",
            [
                "halfDays": String(summary.halfDaysAbsent), "justified": String(summary.justifiedHalfDays),
                "unjustified": String(summary.unjustifiedHalfDays), "late": String(summary.lateness),
            ])
        items = record.items.map { item in
            let what = item.event.said(t)
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
            var lift: Lift?
            if canLift {
                let action = AttendanceRoutes.liftIncident.href(pupil.pupil.id)
                let (courseID, date) = (item.occurrence.course.id.rawValue, item.occurrence.plannedDate.iso)
                switch item.event.incident {
                case .none: break
                case .window(let id):
                    lift = Lift(action: action, courseID: courseID, date: date, windowID: id.rawValue, value: "1", label: t("recordLiftIncident"))
                case .lifted(let id):
                    lift = Lift(action: action, courseID: courseID, date: date, windowID: id.rawValue, value: "0", label: t("recordRestoreIncident"))
                }
            }
            return Item(
                day: t.day(item.occurrence.date).capitalizedFirst,
                course: "\(t("courseTime", ["start": item.occurrence.start.text, "end": item.occurrence.end.text])) \(item.occurrence.course.subject)",
                what: what, isIncident: item.event.isIncident, incidentNote: item.event.isIncident ? item.incidentNote : nil,
                justification: justification, decisionNote: decisionNote, justifyHref: justifyHref, lift: lift)
        }
        hasItems = !items.isEmpty
        nothing = t("recordNothing")
    }
}
