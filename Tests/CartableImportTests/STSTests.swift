import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct STSTests {
    typealias Problem = SchoolRecords.LineProblem

    static func individu(_ id: String, nom: String, patronyme: String? = nil, prenom: String, naissance: String, fonction: String) -> String {
        """
        <INDIVIDU ID="\(id)" TYPE="epp"><SEXE>2</SEXE><NOM_USAGE>\(nom)</NOM_USAGE><NOM_PATRONYMIQUE>\(patronyme ?? nom)</NOM_PATRONYMIQUE>\
        <PRENOM>\(prenom)</PRENOM><DATE_NAISSANCE>\(naissance)</DATE_NAISSANCE><GRADE>CERT</GRADE><FONCTION>\(fonction)</FONCTION>\
        <DISCIPLINES><DISCIPLINE CODE="L0202"><LIBELLE_COURT>LETTRES MODERNES</LIBELLE_COURT></DISCIPLINE></DISCIPLINES></INDIVIDU>

        """
    }

    static func service(_ subject: String, _ teachers: [String]) -> String {
        "<SERVICE CODE_MATIERE=\"\(subject)\" CODE_MOD_COURS=\"CG\"><ENSEIGNANTS>"
            + teachers.map { "<ENSEIGNANT ID=\"\($0)\" TYPE=\"epp\"><COTISATION>1</COTISATION></ENSEIGNANT>" }.joined()
            + "</ENSEIGNANTS></SERVICE>\n"
    }

    static func file(uajAsText: Bool = false, nomenclatureLast: Bool = false, uai: String = Fixtures.uai) -> String {
        let uaj = uajAsText ? "<UAJ>\(uai)</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>" : "<UAJ CODE=\"\(uai)\"/><ANNEE_SCOLAIRE ANNEE=\"2025\"/>"
        let nomenclatures = """
            <NOMENCLATURES><MATIERES>
            <MATIERE CODE="020700"><CODE_GESTION>FRANC</CODE_GESTION><LIBELLE_COURT>FRANCAIS</LIBELLE_COURT><LIBELLE_LONG>FRANCAIS</LIBELLE_LONG></MATIERE>
            <MATIERE CODE="061300"><CODE_GESTION>MATHS</CODE_GESTION><LIBELLE_COURT>MATHS</LIBELLE_COURT><LIBELLE_LONG>MATHEMATIQUES</LIBELLE_LONG></MATIERE>
            <MATIERE CODE="030602"><CODE_GESTION>ESP2</CODE_GESTION><LIBELLE_COURT>ESPAGNOL LV2</LIBELLE_COURT><LIBELLE_LONG>ESPAGNOL LV2</LIBELLE_LONG></MATIERE>
            </MATIERES></NOMENCLATURES>

            """
        let donnees = """
            <DONNEES><INDIVIDUS>
            \(individu("5001", nom: "LEFÈVRE", patronyme: "NOËL", prenom: "Cécile", naissance: "1980-11-02", fonction: "ENS"))\
            \(individu("5002", nom: "GARÇON", prenom: "Jérôme", naissance: "03/04/1975", fonction: "ENS"))\
            \(individu("5003", nom: "BLANC", prenom: "Hervé", naissance: "1968-01-20", fonction: "DIR"))\
            \(individu("5004", nom: "ROUX", prenom: "Agnès", naissance: "1990-06-15", fonction: "EDU"))\
            </INDIVIDUS>
            <STRUCTURE><DIVISIONS>
            <DIVISION CODE="6A"><LIBELLE_LONG>6EME A</LIBELLE_LONG><EFFECTIF_PREVU>28</EFFECTIF_PREVU><SERVICES>
            \(service("020700", ["5001"]))\(service("061300", ["5002", "5001"]))</SERVICES></DIVISION>
            <DIVISION CODE="6B"><LIBELLE_LONG>6EME B</LIBELLE_LONG><SERVICES>\(service("020700", ["5001"]))\(service("999999", ["5002"]))</SERVICES></DIVISION>
            </DIVISIONS><GROUPES>
            <GROUPE CODE="6ESP2"><LIBELLE_LONG>ESPAGNOL LV2 6EME</LIBELLE_LONG><DIVISIONS_APPARTENANCE><DIVISION_APPARTENANCE CODE="6A"/><DIVISION_APPARTENANCE CODE="6B"/></DIVISIONS_APPARTENANCE>
            <SERVICES>\(service("030602", ["5002", "5003"]))</SERVICES></GROUPE>
            </GROUPES></STRUCTURE></DONNEES>

            """
        return """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <STS_EDT>
            <PARAMETRES>\(uaj)<HORODATAGE>01/09/2025 07:45:00</HORODATAGE></PARAMETRES>
            \(nomenclatureLast ? donnees + nomenclatures : nomenclatures + donnees)</STS_EDT>

            """
    }

    @Test(arguments: [(false, false), (true, false), (false, true)])
    func teachersServicesAndStructures(uajAsText: Bool, nomenclatureLast: Bool) throws {
        let directory = try TestDirectory()
        let url = try directory.file(
            "sts_emp_0750001A_2025.xml", Fixtures.latin9(Self.file(uajAsText: uajAsText, nomenclatureLast: nomenclatureLast)))
        let records = try ExportReader.read(url, as: .sts, expectedUAI: Fixtures.uai)
        #expect(records.uai == Fixtures.uai)
        #expect(records.schoolYear == "2025")
        // The principal (DIR) and the CPE (EDU) are not teachers; the DIR named in a service is an unknown teacher.
        #expect(records.teachers.map(\.externalID) == ["5001", "5002"])
        #expect(records.teachers.map(\.lastName) == ["LEFÈVRE", "GARÇON"])
        #expect(records.teachers.map(\.firstName) == ["Cécile", "Jérôme"])
        #expect(records.teachers.map(\.birthDate) == [LocalDate(year: 1980, month: 11, day: 2), LocalDate(year: 1975, month: 4, day: 3)])
        #expect(records.teachers.map(\.line) == [1, 2])
        #expect(records.problems == [Problem(source: .sts, line: 7, kind: .unknownReference("5003"))])
        #expect(
            records.teachings == [
                .init(teacherExternalID: "5001", structure: "6A", subject: "FRANCAIS"),
                .init(teacherExternalID: "5002", structure: "6A", subject: "MATHEMATIQUES"),
                .init(teacherExternalID: "5001", structure: "6A", subject: "MATHEMATIQUES"),
                .init(teacherExternalID: "5001", structure: "6B", subject: "FRANCAIS"),
                // A subject the nomenclature does not name keeps its code.
                .init(teacherExternalID: "5002", structure: "6B", subject: "999999"),
                .init(teacherExternalID: "5002", structure: "6ESP2", subject: "ESPAGNOL LV2"),
            ])
        #expect(
            records.structures == [
                .init(code: "6A", kind: .division, label: "6EME A"),
                .init(code: "6B", kind: .division, label: "6EME B"),
                .init(code: "6ESP2", kind: .group, label: "ESPAGNOL LV2 6EME", divisions: ["6A", "6B"]),
            ])
        #expect(records.subjects == ["020700": "FRANCAIS", "061300": "MATHEMATIQUES", "030602": "ESPAGNOL LV2"])
    }

    @Test func anotherSchoolsSTSIsRefused() throws {
        let directory = try TestDirectory()
        let url = try directory.file("sts.xml", Fixtures.latin9(Self.file(uai: "0690001C")))
        let records = try ExportReader.read(url, as: .sts, expectedUAI: Fixtures.uai)
        #expect(records.teachers.isEmpty)
        #expect(records.teachings.isEmpty)
        #expect(records.structures.isEmpty)
        #expect(records.problems == [Problem(source: .sts, line: 0, kind: .otherSchool(found: "0690001C", expected: Fixtures.uai))])
    }
}
