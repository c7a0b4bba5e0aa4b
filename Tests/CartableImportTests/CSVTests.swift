import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct CSVTests {
    typealias Problem = SchoolRecords.LineProblem

    @Test func utf8WithByteOrderMark() throws {
        let directory = try TestDirectory()
        let text =
            "Identifiant;Nom;Prénom;Date de naissance;Classe;Groupes\r\nE1;LEFÈVRE;Chloé;14/03/2013;6A;6ESP2|6LAT\r\nE2;CŒUR;Noël;2012-12-01;6B;\r\n"
        let url = try directory.file("eleves.csv", Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
        let records = try ExportReader.read(url, as: .csvPupils, expectedUAI: Fixtures.uai)
        #expect(records.problems == [])
        #expect(records.pupils.map(\.externalID) == ["E1", "E2"])
        #expect(records.pupils.map(\.lastName) == ["LEFÈVRE", "CŒUR"])
        #expect(records.pupils.map(\.firstName) == ["Chloé", "Noël"])
        #expect(records.pupils.map(\.birthDate) == [LocalDate(year: 2013, month: 3, day: 14), LocalDate(year: 2012, month: 12, day: 1)])
        #expect(records.pupils.map(\.division) == ["6A", "6B"])
        #expect(records.pupils[0].groups == ["6ESP2", "6LAT"])
        #expect(records.pupils[1].groups == [])
        #expect(records.pupils.map(\.line) == [2, 3])
        #expect(records.structures.map(\.code) == ["6A", "6ESP2", "6LAT", "6B"])
        #expect(records.structures.map(\.kind) == [.division, .group, .group, .division])
    }

    @Test func windows1252WithoutByteOrderMark() throws {
        let directory = try TestDirectory()
        let text = "id;nom;prenom;classe\nE1;LEFÈVRE;Gaëlle;5C\nE2;BŒUF;François;5C\n"
        let url = try directory.file("eleves.csv", Fixtures.windows1252(text))
        let records = try ExportReader.read(url, as: .csvPupils, expectedUAI: "")
        #expect(records.problems == [])
        #expect(records.pupils.map(\.lastName) == ["LEFÈVRE", "BŒUF"])
        #expect(records.pupils.map(\.firstName) == ["Gaëlle", "François"])
    }

    @Test func headerAliasesIgnoreAccentsCaseSpacesAndStars() throws {
        let directory = try TestDirectory()
        let text = """
            INE*;NOM DE FAMILLE*;Prénom*;DATE DE NAISSANCE;Régime;Division*;group_s
            070123456AB;Dupont;Léa;01/02/2013;DP;4B;4ESP2, 4LAT

            """
        let url = try directory.file("eleves.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvPupils, expectedUAI: "")
        #expect(records.problems == [])
        let pupil = try #require(records.pupils.first)
        #expect(pupil.externalID == "070123456AB")
        #expect(pupil.nationalID == "070123456AB")
        #expect(pupil.lastName == "Dupont")
        #expect(pupil.firstName == "Léa")
        #expect(pupil.birthDate == LocalDate(year: 2013, month: 2, day: 1))
        #expect(pupil.division == "4B")
        #expect(pupil.groups == ["4ESP2", "4LAT"])
    }

    @Test func quotedFieldsHoldSeparatorsQuotesAndNewlines() throws {
        let directory = try TestDirectory()
        let text = #"""
            Identifiant;Nom;Prénom;Date de naissance;Classe
            E1;"DE LA FONTAINE; dit ""Jean""";Léa;14/03/2013;6A
            E2;"MARTIN
            DUPONT";"Hugo";01/01/2013;"6B"

            E3;PETIT;Zoé;30/02/2013;6A
            E4;ROUX;;01/01/2013;6A
            ;;;;
            E1;BLANC;Inès;01/01/2013;6A

            """#
        let url = try directory.file("eleves.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvPupils, expectedUAI: "")
        #expect(records.pupils.map(\.lastName) == ["DE LA FONTAINE; dit \"Jean\"", "MARTIN DUPONT"])
        #expect(records.pupils.map(\.line) == [2, 3])
        // Lines count physical lines: the quoted newline and the empty line count.
        #expect(
            records.problems == [
                Problem(source: .csvPupils, line: 6, kind: .badDate("30/02/2013")),
                Problem(source: .csvPupils, line: 7, kind: .missingField("Prénom")),
                Problem(source: .csvPupils, line: 9, kind: .duplicateID("E1")),
            ])
    }

    @Test func commaSeparatedWhenTheHeaderHasNoSemicolon() throws {
        let directory = try TestDirectory()
        let text = "id,lastname,firstname,birthdate,class,groups\nE1,DUPONT,Léa,2013-03-14,6A,\"6ESP2,6LAT\"\n"
        let url = try directory.file("pupils.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvPupils, expectedUAI: "")
        #expect(records.problems == [])
        #expect(records.pupils.first?.groups == ["6ESP2", "6LAT"])
    }

    @Test func missingColumnsAndOtherFiles() throws {
        let directory = try TestDirectory()
        let noClass = try directory.file("a.csv", utf8: "Id;Nom;Prénom\nE1;A;B\n")
        #expect(
            try ExportReader.read(noClass, as: .csvPupils, expectedUAI: "").problems == [
                Problem(source: .csvPupils, line: 1, kind: .missingField("Classe"))
            ])
        let other = try directory.file("b.csv", utf8: "Produit;Prix\nPomme;2\n")
        let records = try ExportReader.read(other, as: .csvPupils, expectedUAI: "")
        #expect(records.pupils.isEmpty)
        #expect(records.problems.count == 1)
        guard case .notThisKindOfFile = records.problems.first?.kind else {
            Issue.record("expected notThisKindOfFile, got \(records.problems)")
            return
        }
        #expect(records.problems.first?.line == 1)
    }

    @Test func guardiansByChildNameWithoutAnIdColumn() throws {
        let directory = try TestDirectory()
        let text = """
            Nom;Prénom;Courriel;Nom élève;Prénom élève;Classe élève
            LEFÈVRE;Hélène;Helene.Lefevre@Example.fr;LEFÈVRE;Léa;6A
            LEFÈVRE;Hélène;Helene.Lefevre@Example.fr;LEFÈVRE;Théo;4B
            ROUX;Rémi;pas de mail;ROUX;Jules;5C
            PETIT;Zoé;;PETIT;;5C

            """
        let url = try directory.file("responsables.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvGuardians, expectedUAI: "")
        let helene = "csv:lefevre|helene|helene.lefevre@example.fr"
        #expect(records.guardians.map(\.externalID) == [helene, "csv:roux|remi|pas de mail"])
        #expect(records.guardians.map(\.email) == ["Helene.Lefevre@Example.fr", nil])
        #expect(
            records.guardianships == [
                .init(pupilExternalID: "", guardianExternalID: helene, pupilByName: .init(lastName: "LEFÈVRE", firstName: "Léa", division: "6A")),
                .init(pupilExternalID: "", guardianExternalID: helene, pupilByName: .init(lastName: "LEFÈVRE", firstName: "Théo", division: "4B")),
                .init(
                    pupilExternalID: "", guardianExternalID: "csv:roux|remi|pas de mail",
                    pupilByName: .init(lastName: "ROUX", firstName: "Jules", division: "5C")),
            ])
        #expect(records.problems == [Problem(source: .csvGuardians, line: 5, kind: .missingField("Prénom élève"))])
    }

    @Test func guardiansByChildIDOneGuardianSeveralLines() throws {
        let directory = try TestDirectory()
        let text = """
            Id;Nom;Prénom;Mail;Id élève
            R1;DUPONT;Marie;marie@example.fr;E1
            R1;Dupont;Marie;;E2
            R1;DURAND;Paul;;E3
            R2;ROUX;Paul;;

            """
        let url = try directory.file("responsables.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvGuardians, expectedUAI: "")
        #expect(records.guardians.map(\.externalID) == ["R1"])
        #expect(records.guardians.first?.email == "marie@example.fr")
        #expect(records.guardianships.map(\.pupilExternalID) == ["E1", "E2"])
        #expect(
            records.problems == [
                Problem(source: .csvGuardians, line: 4, kind: .duplicateID("R1")),
                Problem(source: .csvGuardians, line: 5, kind: .missingField("Identifiant élève")),
            ])
    }

    @Test func teachersOneTeachingPerStructureAndSubject() throws {
        let directory = try TestDirectory()
        let text = """
            Identifiant;Nom;Prénom;Date de naissance;Courriel;Matières;Classes;Groupes
            P1;MARTIN;Jérôme;02/11/1980;jerome.martin@example.fr;Mathématiques;6A,6B;6ESP2
            P1;MARTIN;Jérôme;;;Physique-chimie;6A;
            P2;GARÇON;Cécile;1975-04-03;;Français|Latin;5C;
            P3;ROUX;Agnès;;;;4A;

            """
        let url = try directory.file("enseignants.csv", utf8: text)
        let records = try ExportReader.read(url, as: .csvTeachers, expectedUAI: "")
        #expect(records.teachers.map(\.externalID) == ["P1", "P2"])
        #expect(records.teachers.map(\.birthDate) == [LocalDate(year: 1980, month: 11, day: 2), LocalDate(year: 1975, month: 4, day: 3)])
        #expect(records.teachers.map(\.email) == ["jerome.martin@example.fr", nil])
        #expect(
            records.teachings == [
                .init(teacherExternalID: "P1", structure: "6A", subject: "Mathématiques"),
                .init(teacherExternalID: "P1", structure: "6B", subject: "Mathématiques"),
                .init(teacherExternalID: "P1", structure: "6ESP2", subject: "Mathématiques"),
                .init(teacherExternalID: "P1", structure: "6A", subject: "Physique-chimie"),
                .init(teacherExternalID: "P2", structure: "5C", subject: "Français"),
                .init(teacherExternalID: "P2", structure: "5C", subject: "Latin"),
            ])
        #expect(records.problems == [Problem(source: .csvTeachers, line: 5, kind: .missingField("Matières"))])
        #expect(records.structures.map(\.code) == ["6A", "6B", "6ESP2", "5C"])
    }

    @Test(arguments: [
        (CSVTemplates.pupils, ExportKind.csvPupils), (CSVTemplates.guardians, .csvGuardians), (CSVTemplates.teachers, .csvTeachers),
    ])
    func templatesReadBackAsTheirKind(template: String, kind: ExportKind) throws {
        let directory = try TestDirectory()
        #expect(template.split(separator: "\n").count == 2)
        let url = try directory.file("template.csv", utf8: template)
        #expect(try ExportReader.kind(of: url) == kind)
        let records = try ExportReader.read(url, as: kind, expectedUAI: "")
        #expect(records.problems == [])
        #expect(records.pupils.count + records.guardians.count + records.teachers.count == 1)
    }
}
