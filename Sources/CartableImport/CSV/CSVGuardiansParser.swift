import CartableCore
import Foundation

/// Reads a CSV of guardians (see ``CSVTemplates/guardians``): one line per guardian and child, the child by its id
/// (`Identifiant élève`) or by name and class (`Nom élève`, `Prénom élève`, `Classe élève`).
///
/// Lines with the same guardian id make one guardian with several links. Without an `Identifiant` column, a guardian's
/// id is `csv:` + their folded last and first names + their e-mail in lowercase, joined by `|`.
enum CSVGuardiansParser {
    /// The records of the file `reader` reads.
    static func read(_ reader: CSVRecordReader) throws -> SchoolRecords {
        var export = CSVExport(source: .csvGuardians)
        let roles: [CSVRole] = [.id, .lastName, .firstName, .email, .childID, .childLastName, .childFirstName, .childDivision]
        let byName: [CSVRole] = [.childLastName, .childFirstName, .childDivision]
        // The child: its id, or all three name columns (the header check asks for one of the two).
        guard
            let columns = try export.header(
                reader, roles: roles, required: [[.lastName], [.firstName]], expected: "CSV des responsables")
        else { return export.records }
        let hasChildID = columns.has(.childID)
        let hasChildName = byName.allSatisfy(columns.has)
        guard hasChildID || hasChildName else {
            let missing = byName.contains(where: columns.has) ? byName.first { !columns.has($0) } : nil
            export.problem(export.headerLine, .missingField((missing ?? .childID).header))
            return export.records
        }
        var guardianIndex: [String: Int] = [:]
        var seenLinks: Set<SchoolRecords.Guardianship> = []
        while let record = try reader.next() {
            guard !record.isBlank else { continue }
            let fields = record.fields
            let line = record.line
            let lastName = columns.value(.lastName, in: fields)
            let firstName = columns.value(.firstName, in: fields)
            let emailText = columns.value(.email, in: fields)
            var isValid = export.check(lastName, .lastName, line: line)
            isValid = export.check(firstName, .firstName, line: line) && isValid
            var id = columns.value(.id, in: fields)
            if id.isEmpty, !columns.has(.id) {
                id = CSVExport.key(lastName: lastName, firstName: firstName, extra: emailText.lowercased())
            } else {
                isValid = export.check(id, .id, line: line) && isValid
            }
            let childID = hasChildID ? columns.value(.childID, in: fields) : ""
            var child: SchoolRecords.PupilByName?
            if childID.isEmpty {
                if hasChildName {
                    let values = byName.map { columns.value($0, in: fields) }
                    for (value, role) in zip(values, byName) { isValid = export.check(value, role, line: line) && isValid }
                    child = .init(lastName: values[0], firstName: values[1], division: values[2])
                } else {
                    export.problem(line, .missingField(CSVRole.childID.header))
                    isValid = false
                }
            } else {
                isValid = export.check(childID, .childID, line: line) && isValid
            }
            guard isValid else { continue }
            let email = ImportText.email(emailText)
            if let index = guardianIndex[id] {
                let known = export.records.guardians[index]
                if TextRules.folded(known.lastName) != TextRules.folded(lastName) || TextRules.folded(known.firstName) != TextRules.folded(firstName)
                {
                    export.problem(line, .duplicateID(id))
                    continue
                }
                if known.email == nil { export.records.guardians[index].email = email }
            } else {
                guardianIndex[id] = export.records.guardians.count
                export.records.guardians.append(.init(externalID: id, lastName: lastName, firstName: firstName, email: email, line: line))
            }
            let link = SchoolRecords.Guardianship(pupilExternalID: childID, guardianExternalID: id, pupilByName: childID.isEmpty ? child : nil)
            if seenLinks.insert(link).inserted { export.records.guardianships.append(link) }
        }
        return export.records
    }
}
