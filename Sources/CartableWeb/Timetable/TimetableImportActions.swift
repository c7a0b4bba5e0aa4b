import CartableCore
import CartableStore
import Foundation

/// Staff's import of the weekly timetable: reading the file, naming what is wrong line by line, the plan, and applying it.
struct TimetableImportActions: Sendable {
    let services: AppServices

    /// What an import would do, or why it cannot.
    struct Preview: Sendable {
        var from: LocalDate
        var errors: [TimetableCSV.LineError]
        var plan: TimetableImportPlan?
        var classNames: [SchoolClass.ID: String]
        var teacherNames: [User.ID: String]
    }

    /// Reads `text` and plans the import from `fromText` (a day; today if empty). Writes nothing.
    func preview(_ text: String, from fromText: String?, viewer: Viewer) async throws -> Preview {
        guard services.policy.allows(viewer, .editTimetable(schoolID: viewer.schoolID)) else { throw NotFound() }
        let today = services.today(for: viewer)
        let fromClean = TextRules.clean(fromText)
        var from = today
        var errors: [TimetableCSV.LineError] = []
        if !fromClean.isEmpty {
            if let day = LocalDate(iso: fromClean), abs(today.days(until: day)) <= 400 { from = day } else {
                errors.append(.init(line: 0, key: "csvBadFrom"))
            }
        }
        if text.utf8.count > 1_000_000 { errors.append(.init(line: 0, key: "csvTooLarge")) }
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        let teachers = try await services.storage.identity.users(in: viewer.schoolID, role: .teacher, matching: nil, limit: 10_000, offset: 0)
        let classNames = Dictionary(classes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let teacherNames = Dictionary(teachers.map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        guard errors.isEmpty else { return Preview(from: from, errors: errors, plan: nil, classNames: classNames, teacherNames: teacherNames) }

        let (rows, lineErrors) = TimetableCSV.parse(text)
        errors = lineErrors
        let classByName = Dictionary(classes.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        let teacherByLogin = Dictionary(teachers.filter { !$0.isDisabled }.map { ($0.login.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        var incoming: [(line: Int, course: WeeklyCourse)] = []
        for row in rows {
            guard let classID = classByName[row.className.lowercased()] else {
                errors.append(.init(line: row.line, key: "csvUnknownClass", values: ["name": row.className]))
                continue
            }
            let unknown = row.teacherLogins.filter { teacherByLogin[$0] == nil }
            guard unknown.isEmpty else {
                errors.append(.init(line: row.line, key: "csvUnknownTeacher", values: ["name": unknown.joined(separator: ", ")]))
                continue
            }
            let validFrom = max(from, row.from ?? from)
            let validUntil = row.until  // none: until the school year ends, as the courses already there
            if let validUntil, validUntil < validFrom {
                errors.append(.init(line: row.line, key: "csvUntilBeforeFrom"))
                continue
            }
            incoming.append(
                (
                    row.line,
                    WeeklyCourse(
                        id: .make(using: services.identifiers), schoolID: viewer.schoolID, classID: classID, subject: row.subject,
                        teacherIDs: row.teacherLogins.compactMap { teacherByLogin[$0] }, room: row.room, weekday: row.weekday, start: row.start,
                        end: row.end, weeks: row.weeks, validFrom: validFrom, validUntil: validUntil)
                ))
        }
        // Two courses of the file at the same time for the same teacher, room or pupils (the same class, or a division
        // and a group its pupils are in): refused, naming the other line.
        let pupils = try await services.storage.schools.sharedPupils(in: viewer.schoolID)
        for (index, item) in incoming.enumerated() {
            let others = incoming[..<index]
            let clashing = TimetableCalendar.clashes(of: item.course, with: others.map(\.course), pupils: pupils)
            if let other = clashing.first, let line = others.first(where: { $0.course.id == other.id })?.line {
                errors.append(.init(line: item.line, key: "csvClash", values: ["line": String(line)]))
            }
        }
        errors.sort { ($0.line, $0.key) < ($1.line, $1.key) }
        guard errors.isEmpty else { return Preview(from: from, errors: errors, plan: nil, classNames: classNames, teacherNames: teacherNames) }
        let existing = try await services.storage.timetable.courses(in: viewer.schoolID, validOnOrAfter: from)
        let plan = TimetableImportPlan(incoming: incoming.map(\.course), existing: existing, from: from)
        return Preview(from: from, errors: [], plan: plan, classNames: classNames, teacherNames: teacherNames)
    }

    /// Plans again from the same file and applies the plan in one transaction (nothing is written if any line is wrong).
    func apply(_ text: String, from fromText: String?, viewer: Viewer) async throws -> Preview {
        let preview = try await preview(text, from: fromText, viewer: viewer)
        guard let plan = preview.plan else { return preview }
        try await services.storage.timetable.replaceCourses(
            ending: plan.ending, deleting: plan.deleting, adding: plan.adding, from: preview.from, in: viewer.schoolID,
            at: services.clock.now())
        return preview
    }
}
