import CartableCore
import CartableStore

/// Staff's form for one occurrence of a course: cancel it, move it, another room, a replacement teacher, a note.
struct OccurrenceFormPage {
    struct TeacherChoice {
        var id: String
        var name: String
        var isSelected: Bool
    }

    var heading: String
    var summary: String
    var action: String
    var resetAction: String
    /// For an extra course: the form that removes it.
    var removeAction: String?
    /// Why the last action was refused, when it is not about one field.
    var alert: String?
    var hasChange: Bool
    var isCancelled: Bool
    var values: [String: String]
    var teacherChoices: [TeacherChoice]
    var errors: [String: String]
    var hasErrors: Bool
    var backHref: String

    /// - Parameter values: what was typed (after a refusal), else the occurrence's current change.
    init(
        occurrence: CourseOccurrence, slice: TimetableSlice, teachers: [User], values typed: [String: String]?, errors: ValidationError?,
        alert: String? = nil, t: Localizer
    ) {
        let course = occurrence.course
        heading = [course.isExtra ? t("courseExtra") : nil, course.subject, slice.classNames[course.classID]].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: " · ")
        summary = [
            t.day(occurrence.plannedDate).capitalizedFirst, t("courseTime", ["start": course.start.text, "end": course.end.text]),
            course.room.isEmpty ? nil : t("courseRoom", ["room": course.room]),
            course.teacherIDs.map { t.personName(slice.teacherNames[$0]) }.joined(separator: ", "),
        ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        action = Route.occurrence(course.id, occurrence.plannedDate).href
        resetAction = Route.resetOccurrence(course.id, occurrence.plannedDate).href
        removeAction = course.isExtra ? Route.removeExtra(course.id, occurrence.plannedDate).href : nil
        self.alert = alert
        hasChange = occurrence.change != nil
        let change = occurrence.change
        let values =
            typed ?? [
                "room": change?.room ?? "", "date": change?.movedToDate?.iso ?? "", "start": change?.start?.text ?? "",
                "end": change?.end?.text ?? "", "teacherID": change?.teacherIDs?.first?.rawValue ?? "", "note": change?.note ?? "",
                "cancelled": change?.isCancelled == true ? "on" : "",
            ]
        self.values = values
        isCancelled = values["cancelled"] == "on"
        let selected = values["teacherID"] ?? ""
        teacherChoices = teachers.map { TeacherChoice(id: $0.id.rawValue, name: $0.displayName, isSelected: $0.id.rawValue == selected) }
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
        backHref = Route.classTimetable(course.classID, week: occurrence.plannedDate).href
    }
}
