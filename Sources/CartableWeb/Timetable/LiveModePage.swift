import CartableCore
import CartableStore

/// The teacher's form: how one course happens, for this occurrence or every week.
struct LiveModePage {
    struct Choice {
        var value: String
        var label: String
        var isChecked: Bool
    }

    var heading: String
    var summary: String
    var action: String
    var choices: [Choice]
    var link: String
    var everyWeek: Bool
    var errors: [String: String]
    var hasErrors: Bool
    var backHref: String
    /// Where "end the live class" posts, for a BigBlueButton occurrence.
    var endAction: String?

    init(
        occurrence: CourseOccurrence, slice: TimetableSlice, available: Set<String>, values: [String: String]?, errors: ValidationError?,
        t: Localizer
    ) {
        let course = occurrence.course
        heading = "\(course.subject) · \(slice.classNames[course.classID] ?? "")"
        summary = [
            t.day(occurrence.date).capitalizedFirst, t("courseTime", ["start": occurrence.start.text, "end": occurrence.end.text]),
            occurrence.room.isEmpty ? "" : t("courseRoom", ["room": occurrence.room]),
        ].filter { !$0.isEmpty }.joined(separator: " · ")
        action = Route.liveMode(course.id, occurrence.plannedDate).href
        let current = slice.mode(of: occurrence)
        var link = ""
        if case .link(let address) = current { link = address }
        let selected = values?["mode"] ?? current.kind
        choices = [("room", "liveModeRoom"), ("bbb", "liveModeBBB"), ("jitsi", "liveModeJitsi"), ("link", "liveModeLink")]
            .filter { $0.0 == "room" || $0.0 == "link" || available.contains($0.0) }
            .map { Choice(value: $0.0, label: t($0.1), isChecked: $0.0 == selected) }
        self.link = values?["link"] ?? link
        everyWeek = (values?["scope"] ?? "") == "week"
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
        backHref = Route.timetable(pupil: nil, week: occurrence.date).href
        endAction = current == .bigBlueButton ? TimetableRoutes.endLive.href(course.id, occurrence.plannedDate) : nil
    }
}
