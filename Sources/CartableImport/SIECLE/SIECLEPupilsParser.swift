import CartableCore
import Foundation

/// Reads SIECLE's pupils export (`ElevesSansAdresses.xml`, root `BEE_ELEVES`) as it streams by.
///
/// `DONNEES/ELEVES/ELEVE` come first, then `DONNEES/STRUCTURES/STRUCTURES_ELEVE` give each pupil's division and groups,
/// so a pupil is only kept (or skipped as `Inactifs`, or found without a division) once the whole file is read.
final class SIECLEPupilsParser: XMLExportHandler {
    /// A pupil read from `ELEVES`, waiting for its structures.
    private struct Pending {
        var pupil: SchoolRecords.Pupil
        var isInactive = false
        var hasProblem = false
    }

    private(set) var school: SchoolCheck
    private var records = SchoolRecords()
    private var fields = XMLFields()
    private var eleveID: String?
    private var position = 0
    private var pending: [Pending] = []
    private var indexByID: [String: Int] = [:]
    private var seenIDs: Set<String> = []
    private var structurePupil: Int?
    private var structureCode = ""
    private var structureType = ""

    /// A parser for the school `expectedUAI`.
    init(expectedUAI: String) {
        school = SchoolCheck(expectedUAI: expectedUAI)
    }

    private func problem(_ line: Int, _ kind: SchoolRecords.LineProblem.Kind) {
        records.problems.append(.init(source: .sieclePupils, line: line, kind: kind))
    }

    func didStart(_ path: [String], attributes: [String: String]) {
        guard path.count >= 4, path[1] == "DONNEES" else { return }
        switch (path.count, path[2], path[3]) {
        case (4, "ELEVES", "ELEVE"):
            position += 1
            fields.removeAll()
            eleveID = attributes["ELEVE_ID"].map(ImportText.cleaned)
        case (4, "STRUCTURES", "STRUCTURES_ELEVE"):
            structurePupil = attributes["ELEVE_ID"].map(ImportText.cleaned).flatMap { indexByID[$0] }
        case (5, "STRUCTURES", "STRUCTURES_ELEVE") where path[4] == "STRUCTURE":
            structureCode = ""
            structureType = ""
        default:
            break
        }
    }

    func didEnd(_ path: [String], text: String) -> Bool {
        if path.count == 3, path[1] == "PARAMETRES" {
            switch path[2] {
            case "UAJ":
                records.uai = text
                return school.note(text)
            case "ANNEE_SCOLAIRE":
                records.schoolYear = text
            default:
                break
            }
            return true
        }
        guard path.count >= 4, path[1] == "DONNEES" else { return true }
        switch (path[2], path[3], path.count) {
        case ("ELEVES", "ELEVE", 5):
            fields[path[4]] = text
        case ("ELEVES", "ELEVE", 4):
            endPupil()
        case ("STRUCTURES", "STRUCTURES_ELEVE", 6) where path[4] == "STRUCTURE":
            if path[5] == "CODE_STRUCTURE" { structureCode = ImportText.cleaned(text) }
            if path[5] == "TYPE_STRUCTURE" { structureType = ImportText.cleaned(text).uppercased() }
        case ("STRUCTURES", "STRUCTURES_ELEVE", 5) where path[4] == "STRUCTURE":
            endStructure()
        case ("STRUCTURES", "STRUCTURES_ELEVE", 4):
            structurePupil = nil
        default:
            break
        }
        return true
    }

    /// An `ELEVE` closed: skipped, a problem, or waiting for its structures.
    private func endPupil() {
        guard let id = eleveID, !id.isEmpty else {
            problem(position, .missingField("ELEVE_ID"))
            return
        }
        guard seenIDs.insert(id).inserted else {
            problem(position, .duplicateID(id))
            return
        }
        if !fields.cleaned("DATE_SORTIE").isEmpty {
            records.skipped[.left, default: 0] += 1
            return
        }
        let nationalID = fields.cleaned("ID_NATIONAL")
        if nationalID.isEmpty {
            records.skipped[.noNationalID, default: 0] += 1
            return
        }
        let usage = fields.cleaned("NOM_USAGE")
        let lastName = usage.isEmpty ? fields.cleaned("NOM_DE_FAMILLE") : usage
        let firstName = fields.cleaned("PRENOM")
        var hasProblem = false
        func check(_ value: String, _ field: String) {
            if value.isEmpty {
                problem(position, .missingField(field))
                hasProblem = true
            } else if ImportText.isTooLong(value) {
                problem(position, .badValue(field: field, value: ImportText.shown(value)))
                hasProblem = true
            }
        }
        check(lastName, "NOM_DE_FAMILLE")
        check(firstName, "PRENOM")
        if ImportText.isTooLong(id) {
            problem(position, .badValue(field: "ELEVE_ID", value: ImportText.shown(id)))
            hasProblem = true
        }
        if ImportText.isTooLong(nationalID) {
            problem(position, .badValue(field: "ID_NATIONAL", value: ImportText.shown(nationalID)))
            hasProblem = true
        }
        var birthDate: LocalDate?
        let birthText = fields.cleaned("DATE_NAISS")
        if !birthText.isEmpty {
            birthDate = ImportText.date(birthText)
            if birthDate == nil {
                problem(position, .badDate(ImportText.shown(birthText)))
                hasProblem = true
            }
        }
        let pupil = SchoolRecords.Pupil(
            externalID: id, nationalID: nationalID, lastName: lastName, firstName: firstName, birthDate: birthDate, line: position)
        indexByID[id] = pending.count
        pending.append(Pending(pupil: pupil, hasProblem: hasProblem))
    }

    /// A `STRUCTURE` of a known pupil closed: their division (`D`) or one of their groups (`G`).
    private func endStructure() {
        guard let index = structurePupil, !structureCode.isEmpty else { return }
        let line = pending[index].pupil.line
        if ImportText.isTooLong(structureCode) {
            problem(line, .badValue(field: "CODE_STRUCTURE", value: ImportText.shown(structureCode)))
            pending[index].hasProblem = true
            return
        }
        switch structureType {
        case "D":
            if TextRules.folded(structureCode) == "inactifs" {
                pending[index].isInactive = true
            } else if let division = pending[index].pupil.division, division != structureCode {
                problem(line, .badValue(field: "division", value: "\(division), \(structureCode)"))
                pending[index].hasProblem = true
            } else {
                pending[index].pupil.division = structureCode
            }
        case "G":
            if !pending[index].pupil.groups.contains(structureCode) { pending[index].pupil.groups.append(structureCode) }
        default:
            break
        }
    }

    func finish() -> SchoolRecords {
        var structureIndex: [String: Int] = [:]
        func addStructure(_ code: String, _ kind: SchoolClass.Kind) {
            guard structureIndex[code] == nil else { return }
            structureIndex[code] = records.structures.count
            records.structures.append(.init(code: code, kind: kind))
        }
        for entry in pending {
            if entry.isInactive {
                records.skipped[.inactive, default: 0] += 1
                continue
            }
            guard let division = entry.pupil.division else {
                problem(entry.pupil.line, .missingField("division"))
                continue
            }
            guard !entry.hasProblem else { continue }
            records.pupils.append(entry.pupil)
            addStructure(division, .division)
            for group in entry.pupil.groups { addStructure(group, .group) }
        }
        records.problems.sort { $0.line < $1.line }
        return records
    }
}
