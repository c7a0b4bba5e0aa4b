import CartableCore
import Foundation

/// Reads STS-web's export for timetable software (`sts_emp_<UAI>_<year>.xml`, root `STS_EDT`) as it streams by.
///
/// `NOMENCLATURES/MATIERES` names the subjects, `DONNEES/INDIVIDUS` are the staff (only `FONCTION` `ENS`, the teachers,
/// are kept), and `DONNEES/STRUCTURE/DIVISIONS` and `GROUPES` give each division's and group's services: a subject and
/// its teachers. Services are resolved once the file is read, so the order of the sections does not matter.
final class STSParser: XMLExportHandler {
    /// A service's teacher as read: resolved against the teachers and subjects at the end.
    private struct Service {
        var teacherID: String
        var structure: String
        var subjectCode: String
        var position: Int
    }

    private(set) var school: SchoolCheck
    private var records = SchoolRecords()
    private var fields = XMLFields()
    private var attributeCode: String?
    private var individualID: String?
    private var individualPosition = 0
    private var teacherIDs: Set<String> = []
    private var subjectCode: String?
    private var structure: SchoolRecords.Structure?
    private var structureIndex: [String: Int] = [:]
    private var structurePosition = 0
    private var serviceSubject: String?
    private var services: [Service] = []
    private var teacherPosition = 0

    /// A parser for the school `expectedUAI`.
    init(expectedUAI: String) {
        school = SchoolCheck(expectedUAI: expectedUAI)
    }

    private func problem(_ line: Int, _ kind: SchoolRecords.LineProblem.Kind) {
        records.problems.append(.init(source: .sts, line: line, kind: kind))
    }

    func didStart(_ path: [String], attributes: [String: String]) {
        switch path.count {
        case 3 where path[1] == "PARAMETRES":
            attributeCode = (attributes["CODE"] ?? attributes["ANNEE"]).map(ImportText.cleaned)
        case 4 where path[1] == "NOMENCLATURES" && path[2] == "MATIERES" && path[3] == "MATIERE":
            subjectCode = attributes["CODE"].map(ImportText.cleaned)
            fields.removeAll()
        case 4 where path[1] == "DONNEES" && path[2] == "INDIVIDUS" && path[3] == "INDIVIDU":
            individualPosition += 1
            individualID = attributes["ID"].map(ImportText.cleaned)
            fields.removeAll()
        case 5 where path[1] == "DONNEES" && path[2] == "STRUCTURE":
            guard (path[3] == "DIVISIONS" && path[4] == "DIVISION") || (path[3] == "GROUPES" && path[4] == "GROUPE") else { return }
            structurePosition += 1
            let code = attributes["CODE"].map(ImportText.cleaned) ?? ""
            structure = .init(code: code, kind: path[4] == "DIVISION" ? .division : .group)
            if code.isEmpty { problem(structurePosition, .missingField("CODE")) }
        case 7 where isInStructure(path) && path[5] == "DIVISIONS_APPARTENANCE" && path[6] == "DIVISION_APPARTENANCE":
            if let code = attributes["CODE"].map(ImportText.cleaned), !code.isEmpty, structure?.divisions.contains(code) == false {
                structure?.divisions.append(code)
            }
        case 7 where isInStructure(path) && path[5] == "SERVICES" && path[6] == "SERVICE":
            serviceSubject = attributes["CODE_MATIERE"].map(ImportText.cleaned)
        case 9 where isInStructure(path) && path[5] == "SERVICES" && path[7] == "ENSEIGNANTS" && path[8] == "ENSEIGNANT":
            teacherPosition += 1
            guard let code = structure?.code, !code.isEmpty else { return }
            let teacherID = attributes["ID"].map(ImportText.cleaned) ?? ""
            guard let subject = serviceSubject, !subject.isEmpty else {
                problem(teacherPosition, .missingField("CODE_MATIERE"))
                return
            }
            guard !teacherID.isEmpty else {
                problem(teacherPosition, .missingField("ID"))
                return
            }
            services.append(Service(teacherID: teacherID, structure: code, subjectCode: subject, position: teacherPosition))
        default:
            break
        }
    }

    /// Whether `path` is inside a `DIVISION` or `GROUPE` of `DONNEES/STRUCTURE`.
    private func isInStructure(_ path: [String]) -> Bool {
        path[1] == "DONNEES" && path[2] == "STRUCTURE" && structure != nil
    }

    func didEnd(_ path: [String], text: String) -> Bool {
        switch path.count {
        case 3 where path[1] == "PARAMETRES":
            let value = attributeCode.flatMap { $0.isEmpty ? nil : $0 } ?? ImportText.cleaned(text)
            attributeCode = nil
            if path[2] == "UAJ" {
                records.uai = value
                return school.note(value)
            }
            if path[2] == "ANNEE_SCOLAIRE" { records.schoolYear = value }
        case 5 where path[1] == "NOMENCLATURES" && path[3] == "MATIERE":
            fields[path[4]] = text
        case 4 where path[1] == "NOMENCLATURES" && path[3] == "MATIERE":
            endSubject()
        case 5 where path[1] == "DONNEES" && path[2] == "INDIVIDUS" && path[3] == "INDIVIDU":
            fields[path[4]] = text
        case 4 where path[1] == "DONNEES" && path[2] == "INDIVIDUS" && path[3] == "INDIVIDU":
            endIndividual()
        case 6 where isInStructure(path) && path[5] == "LIBELLE_LONG":
            let label = ImportText.cleaned(text)
            if !label.isEmpty { structure?.label = label }
        case 7 where isInStructure(path) && path[6] == "SERVICE":
            serviceSubject = nil
        case 5 where isInStructure(path):
            endStructure()
        default:
            break
        }
        return true
    }

    private func endSubject() {
        guard let code = subjectCode, !code.isEmpty else { return }
        let name = fields.cleaned("LIBELLE_LONG")
        let shown = name.isEmpty ? fields.cleaned("LIBELLE_COURT") : name
        if !shown.isEmpty, !ImportText.isTooLong(shown) { records.subjects[code] = shown }
    }

    private func endIndividual() {
        guard fields.cleaned("FONCTION").uppercased() == "ENS" else { return }
        let line = individualPosition
        guard let id = individualID, !id.isEmpty else {
            problem(line, .missingField("ID"))
            return
        }
        guard teacherIDs.insert(id).inserted else {
            problem(line, .duplicateID(id))
            return
        }
        let usage = fields.cleaned("NOM_USAGE")
        let lastName = usage.isEmpty ? fields.cleaned("NOM_PATRONYMIQUE") : usage
        let firstName = fields.cleaned("PRENOM")
        var isValid = true
        for (value, field) in [(lastName, "NOM_USAGE"), (firstName, "PRENOM"), (id, "ID")] {
            if value.isEmpty {
                problem(line, .missingField(field))
                isValid = false
            } else if ImportText.isTooLong(value) {
                problem(line, .badValue(field: field, value: ImportText.shown(value)))
                isValid = false
            }
        }
        var birthDate: LocalDate?
        let birthText = fields.cleaned("DATE_NAISSANCE")
        if !birthText.isEmpty {
            birthDate = ImportText.date(birthText)
            if birthDate == nil {
                problem(line, .badDate(ImportText.shown(birthText)))
                isValid = false
            }
        }
        guard isValid else { return }
        records.teachers.append(.init(externalID: id, lastName: lastName, firstName: firstName, birthDate: birthDate, line: line))
    }

    private func endStructure() {
        defer { structure = nil }
        guard let structure, !structure.code.isEmpty else { return }
        if ImportText.isTooLong(structure.code) {
            problem(structurePosition, .badValue(field: "CODE", value: ImportText.shown(structure.code)))
        } else if structureIndex[structure.code] != nil {
            problem(structurePosition, .duplicateID(structure.code))
        } else {
            structureIndex[structure.code] = records.structures.count
            records.structures.append(structure)
        }
    }

    func finish() -> SchoolRecords {
        var seen: Set<SchoolRecords.Teaching> = []
        for service in services {
            guard teacherIDs.contains(service.teacherID) else {
                problem(service.position, .unknownReference(service.teacherID))
                continue
            }
            let teaching = SchoolRecords.Teaching(
                teacherExternalID: service.teacherID, structure: service.structure,
                subject: records.subjects[service.subjectCode] ?? service.subjectCode)
            if seen.insert(teaching).inserted { records.teachings.append(teaching) }
        }
        return records
    }
}
