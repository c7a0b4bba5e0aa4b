import CartableCore
import Foundation

/// Reads a CSV of teachers (see ``CSVTemplates/teachers``): one or more lines per teacher, each with subjects, classes
/// and groups; one teaching per (teacher, class or group, subject).
///
/// Lines with the same teacher id make one teacher. Without an `Identifiant` column, a teacher's id is `csv:` + their
/// folded last and first names + their birth date (`yyyy-mm-dd`, or nothing), joined by `|`.
enum CSVTeachersParser {
    /// The records of the file `reader` reads.
    static func read(_ reader: CSVRecordReader) throws -> SchoolRecords {
        var export = CSVExport(source: .csvTeachers)
        let roles: [CSVRole] = [.id, .lastName, .firstName, .birthDate, .email, .subject, .division, .groups]
        guard
            let columns = try export.header(
                reader, roles: roles, required: [[.lastName], [.firstName]], expected: "CSV des enseignants")
        else { return export.records }
        var teacherIndex: [String: Int] = [:]
        var seenTeachings: Set<SchoolRecords.Teaching> = []
        while let record = try reader.next() {
            guard !record.isBlank else { continue }
            let fields = record.fields
            let line = record.line
            let lastName = columns.value(.lastName, in: fields)
            let firstName = columns.value(.firstName, in: fields)
            var isValid = export.check(lastName, .lastName, line: line)
            isValid = export.check(firstName, .firstName, line: line) && isValid
            let (birthDate, isDateValid) = export.date(columns.value(.birthDate, in: fields), line: line)
            isValid = isValid && isDateValid
            var id = columns.value(.id, in: fields)
            if id.isEmpty, !columns.has(.id) {
                id = CSVExport.key(lastName: lastName, firstName: firstName, extra: birthDate?.iso ?? "")
            } else {
                isValid = export.check(id, .id, line: line) && isValid
            }
            let subjects = columns.list(.subject, in: fields)
            let divisions = columns.list(.division, in: fields)
            let groups = columns.list(.groups, in: fields)
            for subject in subjects { isValid = export.check(subject, .subject, line: line) && isValid }
            for code in divisions { isValid = export.check(code, .division, line: line) && isValid }
            for code in groups { isValid = export.check(code, .groups, line: line) && isValid }
            if subjects.isEmpty, !(divisions.isEmpty && groups.isEmpty) {
                export.problem(line, .missingField(CSVRole.subject.header))
                isValid = false
            }
            guard isValid else { continue }
            let email = ImportText.email(columns.value(.email, in: fields))
            if let index = teacherIndex[id] {
                let known = export.records.teachers[index]
                if TextRules.folded(known.lastName) != TextRules.folded(lastName) || TextRules.folded(known.firstName) != TextRules.folded(firstName)
                {
                    export.problem(line, .duplicateID(id))
                    continue
                }
                if known.birthDate == nil { export.records.teachers[index].birthDate = birthDate }
                if known.email == nil { export.records.teachers[index].email = email }
            } else {
                teacherIndex[id] = export.records.teachers.count
                export.records.teachers.append(
                    .init(externalID: id, lastName: lastName, firstName: firstName, birthDate: birthDate, email: email, line: line))
            }
            for code in divisions { export.addStructure(code, .division) }
            for code in groups { export.addStructure(code, .group) }
            for structure in divisions + groups {
                for subject in subjects {
                    let teaching = SchoolRecords.Teaching(teacherExternalID: id, structure: structure, subject: subject)
                    if seenTeachings.insert(teaching).inserted { export.records.teachings.append(teaching) }
                }
            }
        }
        return export.records
    }
}
