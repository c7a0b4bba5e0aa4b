import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct SIECLEGuardiansTests {
    typealias Problem = SchoolRecords.LineProblem

    @Test func legalGuardiansOldAndNewFormatAreKeptOthersDropped() throws {
        let directory = try TestDirectory()
        let xml = Fixtures.guardiansFile(
            personnes: [
                Fixtures.personne("201", nom: "LEFÈVRE", prenom: "Hélène", mel: " helene.lefevre@example.fr "),
                Fixtures.personne("202", nom: "LEFÈVRE", prenom: "Noël", mel: "pas d'adresse"),
                Fixtures.personne("203", nom: "ROUX", prenom: "Cécile", mel: "cecile@localhost"),
                Fixtures.personne("204", nom: "MARTIN", usage: "MARTIN-ŒUVRE", prenom: "Françoise"),
                Fixtures.personne("205", nom: "PETIT", prenom: "Joël", mel: "joel@@example.fr"),
            ],
            liens: [
                // Before 2018: RESP_LEGAL only.
                Fixtures.lien(eleve: "1001", personne: "201", respLegal: "1", niveau: nil),
                Fixtures.lien(eleve: "1001", personne: "202", respLegal: "2", niveau: nil, parente: "20"),
                // Now: NIVEAU_RESPONSABILITE decides, whatever RESP_LEGAL says.
                Fixtures.lien(eleve: "1002", personne: "203", respLegal: "0", niveau: "1"),
                Fixtures.lien(eleve: "1002", personne: "204", respLegal: "1", niveau: "2", parente: "37"),
                Fixtures.lien(eleve: "1003", personne: "205", respLegal: "0", niveau: nil, parente: "90"),
                // A sibling shares a guardian.
                Fixtures.lien(eleve: "1003", personne: "201", respLegal: "1", niveau: "1"),
            ])
        let url = try directory.file("ResponsablesAvecAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .siecleGuardians, expectedUAI: Fixtures.uai)
        #expect(records.problems == [])
        #expect(records.uai == Fixtures.uai)
        #expect(records.guardians.map(\.externalID) == ["201", "202", "203"])
        #expect(records.guardians.map(\.lastName) == ["LEFÈVRE", "LEFÈVRE", "ROUX"])
        #expect(records.guardians.map(\.firstName) == ["Hélène", "Noël", "Cécile"])
        #expect(records.guardians.map(\.email) == ["helene.lefevre@example.fr", nil, nil])
        #expect(records.guardians.map(\.line) == [1, 2, 3])
        #expect(
            records.guardianships == [
                .init(pupilExternalID: "1001", guardianExternalID: "201"),
                .init(pupilExternalID: "1001", guardianExternalID: "202"),
                .init(pupilExternalID: "1002", guardianExternalID: "203"),
                .init(pupilExternalID: "1003", guardianExternalID: "201"),
            ])
    }

    @Test func usageNameEmailAndUnknownPeople() throws {
        let directory = try TestDirectory()
        let xml = Fixtures.guardiansFile(
            personnes: [
                Fixtures.personne("301", nom: "MARTIN", usage: "MARTIN-ŒUVRE", prenom: "Françoise", mel: "f.martin@example.fr"),
                Fixtures.personne("302", nom: "", prenom: "Rémi"),
                Fixtures.personne("303", nom: "", prenom: ""),
            ],
            liens: [
                Fixtures.lien(eleve: "1", personne: "301", respLegal: "1", niveau: "1"),
                Fixtures.lien(eleve: "1", personne: "302", respLegal: "2", niveau: "1"),
                Fixtures.lien(eleve: "2", personne: "999", respLegal: "1", niveau: "1"),
                // A contact person's missing name is not a problem: they are not imported.
                Fixtures.lien(eleve: "2", personne: "303", respLegal: "0", niveau: "3"),
            ])
        let url = try directory.file("ResponsablesAvecAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .siecleGuardians, expectedUAI: Fixtures.uai)
        #expect(records.guardians.map(\.lastName) == ["MARTIN-ŒUVRE"])
        #expect(records.guardians.first?.email == "f.martin@example.fr")
        #expect(
            records.problems == [
                Problem(source: .siecleGuardians, line: 3, kind: .unknownReference("999")),
                Problem(source: .siecleGuardians, line: 2, kind: .missingField("NOM_DE_FAMILLE")),
            ])
    }

    @Test func anotherSchoolsGuardiansAreRefused() throws {
        let directory = try TestDirectory()
        let xml = Fixtures.guardiansFile(
            uai: "0330001B", personnes: [Fixtures.personne("1", nom: "A", prenom: "B")],
            liens: [Fixtures.lien(eleve: "1", personne: "1", respLegal: "1", niveau: "1")])
        let url = try directory.file("ResponsablesAvecAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .siecleGuardians, expectedUAI: Fixtures.uai)
        #expect(records.guardians.isEmpty)
        #expect(records.guardianships.isEmpty)
        #expect(records.problems == [Problem(source: .siecleGuardians, line: 0, kind: .otherSchool(found: "0330001B", expected: Fixtures.uai))])
    }

    @Test func nomenclaturePrefersTheEditionLabel() throws {
        let directory = try TestDirectory()
        let xml = """
            <?xml version="1.0" encoding="ISO-8859-15"?>
            <BEE_NOMENCLATURES VERSION="2.1">
            \(Fixtures.parameters())
            <DONNEES><MATIERES>
            <MATIERE CODE_MATIERE="020700"><CODE_GESTION>FRANC</CODE_GESTION><LIBELLE_COURT>FRANCAIS</LIBELLE_COURT><LIBELLE_LONG>FRANCAIS</LIBELLE_LONG><LIBELLE_EDITION>Français</LIBELLE_EDITION></MATIERE>
            <MATIERE CODE_MATIERE="061300"><CODE_GESTION>MATHS</CODE_GESTION><LIBELLE_COURT>MATHS</LIBELLE_COURT><LIBELLE_LONG>MATHEMATIQUES</LIBELLE_LONG><LIBELLE_EDITION></LIBELLE_EDITION></MATIERE>
            <MATIERE CODE_MATIERE="100100"><LIBELLE_LONG>EDUCATION PHYSIQUE ET SPORTIVE</LIBELLE_LONG></MATIERE>
            </MATIERES></DONNEES>
            </BEE_NOMENCLATURES>
            """
        let url = try directory.file("Nomenclature.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .nomenclature, expectedUAI: Fixtures.uai)
        #expect(records.problems == [])
        #expect(records.subjects == ["020700": "Français", "061300": "MATHEMATIQUES", "100100": "EDUCATION PHYSIQUE ET SPORTIVE"])
    }
}
