import CartableCore
import Foundation

/// The list of classes for a teacher or staff.
struct ClassesPage {
    struct Row {
        var name: String
        var href: String
        var subjects: String
        /// The class's timetable (the notebook's list only).
        var timetableHref: String?
    }

    var heading: String
    var canWrite: Bool
    var classes: [Row]
    var hasClasses: Bool
    var showsTimetable: Bool
    /// Staff's link to the timetable import.
    var canImportTimetable = false
    /// Staff's way to the justifications waiting for them.
    var justificationsHref: String?
    /// Staff's way to the day's absences and rolls.
    var schoolDayHref = AttendanceRoutes.schoolDay.href
    var incidentsHref = AttendanceRoutes.incidents.href
    var alertsHref = AttendanceRoutes.alerts.href
    var reasonsHref = AttendanceRoutes.reasons.href
    var remoteDaysHref = AttendanceRoutes.remoteDays.href

    /// The classes' notebooks: each with the subjects the viewer teaches there.
    static func notebooks(of classes: [SchoolClass], viewer: Viewer, canWrite: Bool, t: Localizer) -> ClassesPage {
        let rows = classes.map { schoolClass in
            Row(
                name: schoolClass.name, href: Route.classNotebook(schoolClass.id, week: nil).href,
                subjects: viewer.teachings.filter { $0.classID == schoolClass.id }.map(\.subject).joined(separator: ", "),
                timetableHref: Route.classTimetable(schoolClass.id, week: nil).href)
        }
        return ClassesPage(
            heading: viewer.role == .staff ? t("allClassesTitle") : t("classesTitle"), canWrite: canWrite, classes: rows, hasClasses: !rows.isEmpty,
            showsTimetable: true)
    }

    /// The classes' documents.
    static func documents(of classes: [SchoolClass], t: Localizer) -> ClassesPage {
        let rows = classes.map { Row(name: $0.name, href: Route.classDocuments($0.id).href, subjects: "") }
        return ClassesPage(heading: t("documents"), canWrite: false, classes: rows, hasClasses: !rows.isEmpty, showsTimetable: false)
    }
}
