import CartableCore
import Foundation

/// Reads SIECLE's nomenclature (`Nomenclature.xml`, root `BEE_NOMENCLATURES`): the subjects' names by code.
///
/// `DONNEES/MATIERES/MATIERE[@CODE_MATIERE]` gives `LIBELLE_EDITION` (in mixed case, preferred) and `LIBELLE_LONG` (capitals).
final class NomenclatureParser: XMLExportHandler {
    private(set) var school: SchoolCheck
    private var records = SchoolRecords()
    private var fields = XMLFields()
    private var code: String?
    private var position = 0

    /// A parser for the school `expectedUAI`.
    init(expectedUAI: String) {
        school = SchoolCheck(expectedUAI: expectedUAI)
    }

    private func problem(_ line: Int, _ kind: SchoolRecords.LineProblem.Kind) {
        records.problems.append(.init(source: .nomenclature, line: line, kind: kind))
    }

    func didStart(_ path: [String], attributes: [String: String]) {
        guard path.count == 4, path[1] == "DONNEES", path[2] == "MATIERES", path[3] == "MATIERE" else { return }
        position += 1
        fields.removeAll()
        code = attributes["CODE_MATIERE"].map(ImportText.cleaned)
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
        guard path.count >= 4, path[1] == "DONNEES", path[2] == "MATIERES", path[3] == "MATIERE" else { return true }
        if path.count == 5 {
            fields[path[4]] = text
        } else if path.count == 4 {
            endSubject()
        }
        return true
    }

    private func endSubject() {
        guard let code, !code.isEmpty else {
            problem(position, .missingField("CODE_MATIERE"))
            return
        }
        let edition = fields.cleaned("LIBELLE_EDITION")
        let name = edition.isEmpty ? fields.cleaned("LIBELLE_LONG") : edition
        if name.isEmpty {
            problem(position, .missingField("LIBELLE_LONG"))
        } else if ImportText.isTooLong(name) || ImportText.isTooLong(code) {
            problem(position, .badValue(field: "MATIERE", value: ImportText.shown(code + " " + name)))
        } else if records.subjects[code] != nil {
            problem(position, .duplicateID(code))
        } else {
            records.subjects[code] = name
        }
    }

    func finish() -> SchoolRecords { records }
}
