import CartableCore
import Foundation

/// Reads a CSV of pupils: `Identifiant;Nom;Prénom;Date de naissance;Classe;Groupes` (see ``CSVTemplates/pupils``).
enum CSVPupilsParser {
    /// The records of the file `reader` reads.
    static func read(_ reader: CSVRecordReader) throws -> SchoolRecords {
        var export = CSVExport(source: .csvPupils)
        let roles: [CSVRole] = [.id, .lastName, .firstName, .birthDate, .division, .groups]
        guard
            let columns = try export.header(
                reader, roles: roles, required: [[.id], [.lastName], [.firstName], [.division]], expected: "CSV des élèves")
        else { return export.records }
        var seen: Set<String> = []
        while let record = try reader.next() {
            guard !record.isBlank else { continue }
            let fields = record.fields
            let line = record.line
            let id = columns.value(.id, in: fields)
            let lastName = columns.value(.lastName, in: fields)
            let firstName = columns.value(.firstName, in: fields)
            let division = columns.value(.division, in: fields)
            let groups = columns.list(.groups, in: fields)
            var isValid = export.check(id, .id, line: line)
            isValid = export.check(lastName, .lastName, line: line) && isValid
            isValid = export.check(firstName, .firstName, line: line) && isValid
            isValid = export.check(division, .division, line: line) && isValid
            for group in groups { isValid = export.check(group, .groups, line: line) && isValid }
            let (birthDate, isDateValid) = export.date(columns.value(.birthDate, in: fields), line: line)
            if !id.isEmpty, !seen.insert(id).inserted {
                export.problem(line, .duplicateID(id))
                isValid = false
            }
            guard isValid, isDateValid else { continue }
            export.records.pupils.append(
                .init(
                    externalID: id, nationalID: columns.isIDNationalID ? id : nil, lastName: lastName, firstName: firstName,
                    birthDate: birthDate, division: division, groups: groups, line: line))
            export.addStructure(division, .division)
            for group in groups { export.addStructure(group, .group) }
        }
        return export.records
    }
}
