import CartableCore
import CartableStore

/// Staff's form for an extra course of a class or group: a day, a time, a subject, a teacher, a room.
struct ExtraCoursePage {
    var heading: String
    var action: String
    var values: [String: String]
    var teacherChoices: [OccurrenceFormPage.TeacherChoice]
    var errors: [String: String]
    var hasErrors: Bool
    var backHref: String

    /// - Parameter values: what was typed (after a refusal), else the day proposed by the link.
    init(schoolClass: SchoolClass, teachers: [User], values: [String: String], errors: ValidationError?, t: Localizer) {
        heading = t("extraTitle", ["name": schoolClass.name])
        action = Route.extraCourse(schoolClass.id, date: nil).href
        self.values = values
        let selected = values["teacherID"] ?? ""
        teacherChoices = teachers.map { .init(id: $0.id.rawValue, name: $0.displayName, isSelected: $0.id.rawValue == selected) }
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
        backHref = Route.classTimetable(schoolClass.id, week: values["date"].flatMap { LocalDate(iso: $0) }).href
    }
}
