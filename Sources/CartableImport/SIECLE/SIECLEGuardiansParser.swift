import CartableCore
import Foundation

/// Reads SIECLE's guardians export (`ResponsablesAvecAdresses.xml`, root `BEE_RESPONSABLES`) as it streams by.
///
/// `DONNEES/PERSONNES/PERSONNE` are the people, `DONNEES/RESPONSABLES/RESPONSABLE_ELEVE` their links to pupils. A link is
/// kept for a legal guardian: `NIVEAU_RESPONSABILITE` 1 or, in files before 2018 that do not have it, `RESP_LEGAL` 1 or 2.
/// Only people with a kept link become guardians; addresses are not read.
final class SIECLEGuardiansParser: XMLExportHandler {
    /// A person as read, checked only if one of their links is kept (a contact person's gaps are not the school's problem).
    private struct Person {
        var id: String
        var lastName: String
        var firstName: String
        var email: String?
        var position: Int
    }

    /// A kept link as read.
    private struct Link {
        var pupilID: String
        var personID: String
        var position: Int
    }

    private(set) var school: SchoolCheck
    private var records = SchoolRecords()
    private var fields = XMLFields()
    private var personID: String?
    private var personPosition = 0
    private var linkPosition = 0
    private var people: [Person] = []
    private var personIndex: [String: Int] = [:]
    private var links: [Link] = []

    /// A parser for the school `expectedUAI`.
    init(expectedUAI: String) {
        school = SchoolCheck(expectedUAI: expectedUAI)
    }

    private func problem(_ line: Int, _ kind: SchoolRecords.LineProblem.Kind) {
        records.problems.append(.init(source: .siecleGuardians, line: line, kind: kind))
    }

    func didStart(_ path: [String], attributes: [String: String]) {
        guard path.count == 4, path[1] == "DONNEES" else { return }
        switch (path[2], path[3]) {
        case ("PERSONNES", "PERSONNE"):
            personPosition += 1
            fields.removeAll()
            personID = attributes["PERSONNE_ID"].map(ImportText.cleaned)
        case ("RESPONSABLES", "RESPONSABLE_ELEVE"):
            linkPosition += 1
            fields.removeAll()
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
        case ("PERSONNES", "PERSONNE", 5), ("RESPONSABLES", "RESPONSABLE_ELEVE", 5):
            fields[path[4]] = text
        case ("PERSONNES", "PERSONNE", 4):
            endPerson()
        case ("RESPONSABLES", "RESPONSABLE_ELEVE", 4):
            endLink()
        default:
            break
        }
        return true
    }

    private func endPerson() {
        guard let id = personID, !id.isEmpty else {
            problem(personPosition, .missingField("PERSONNE_ID"))
            return
        }
        guard personIndex[id] == nil else {
            problem(personPosition, .duplicateID(id))
            return
        }
        let usage = fields.cleaned("NOM_USAGE")
        personIndex[id] = people.count
        people.append(
            Person(
                id: id, lastName: usage.isEmpty ? fields.cleaned("NOM_DE_FAMILLE") : usage, firstName: fields.cleaned("PRENOM"),
                email: ImportText.email(fields["MEL"]), position: personPosition))
    }

    private func endLink() {
        let level = fields.cleaned("NIVEAU_RESPONSABILITE")
        let isLegal = level.isEmpty ? ["1", "2"].contains(fields.cleaned("RESP_LEGAL")) : level == "1"
        guard isLegal else { return }
        let pupilID = fields.cleaned("ELEVE_ID")
        let personID = fields.cleaned("PERSONNE_ID")
        if pupilID.isEmpty { problem(linkPosition, .missingField("ELEVE_ID")) }
        if personID.isEmpty { problem(linkPosition, .missingField("PERSONNE_ID")) }
        guard !pupilID.isEmpty, !personID.isEmpty else { return }
        links.append(Link(pupilID: pupilID, personID: personID, position: linkPosition))
    }

    func finish() -> SchoolRecords {
        var linked = [Bool](repeating: false, count: people.count)
        var seen: Set<SchoolRecords.Guardianship> = []
        for link in links {
            guard let index = personIndex[link.personID] else {
                problem(link.position, .unknownReference(link.personID))
                continue
            }
            linked[index] = true
            let guardianship = SchoolRecords.Guardianship(pupilExternalID: link.pupilID, guardianExternalID: link.personID)
            if seen.insert(guardianship).inserted { records.guardianships.append(guardianship) }
        }
        for (index, person) in people.enumerated() where linked[index] {
            var isValid = true
            for (value, field) in [(person.lastName, "NOM_DE_FAMILLE"), (person.firstName, "PRENOM"), (person.id, "PERSONNE_ID")] {
                if value.isEmpty {
                    problem(person.position, .missingField(field))
                    isValid = false
                } else if ImportText.isTooLong(value) {
                    problem(person.position, .badValue(field: field, value: ImportText.shown(value)))
                    isValid = false
                }
            }
            guard isValid else { continue }
            records.guardians.append(
                .init(externalID: person.id, lastName: person.lastName, firstName: person.firstName, email: person.email, line: person.position))
        }
        return records
    }
}
