import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct SIECLEPupilsTests {
    typealias Problem = SchoolRecords.LineProblem

    static let accented = Fixtures.pupilsFile(
        eleves: [
            Fixtures.eleve("1001", ine: "070123456AB", nom: "LEFÈVRE", prenom: "Léa", naissance: "14/03/2013"),
            Fixtures.eleve("1002", nom: "GARÇON", prenom: "François", naissance: "01/12/2012"),
            Fixtures.eleve("1003", nom: "CŒURDEROY", prenom: "Chloé", naissance: "29/02/2012"),
            Fixtures.eleve("1004", nom: "MÜLLER", usage: "BŒUF-MÜLLER", prenom: "Gaëlle  Anaïs ", naissance: "05/07/2013"),
            Fixtures.eleve("1005", nom: "Sœurdelin", prenom: "Agnès", naissance: "05/07/2013"),
        ],
        structures: [
            Fixtures.structures("1001", division: "6A", groups: ["6ESP2"]),
            Fixtures.structures("1002", division: "6A"),
            Fixtures.structures("1003", division: "6B", groups: ["6ALL2", "6LAT"]),
            Fixtures.structures("1004", division: "6B", groups: ["6ESP2"]),
            Fixtures.structures("1005", division: "6B"),
        ])

    static func checkAccented(_ records: SchoolRecords) {
        #expect(records.problems == [])
        #expect(records.uai == Fixtures.uai)
        #expect(records.schoolYear == "2025")
        #expect(records.pupils.map(\.lastName) == ["LEFÈVRE", "GARÇON", "CŒURDEROY", "BŒUF-MÜLLER", "Sœurdelin"])
        #expect(records.pupils.map(\.firstName) == ["Léa", "François", "Chloé", "Gaëlle Anaïs", "Agnès"])
        #expect(records.pupils.map(\.externalID) == ["1001", "1002", "1003", "1004", "1005"])
        #expect(records.pupils.map(\.line) == [1, 2, 3, 4, 5])
        #expect(records.pupils[0].nationalID == "070123456AB")
        #expect(records.pupils[0].birthDate == LocalDate(year: 2013, month: 3, day: 14))
        #expect(records.pupils[2].birthDate == LocalDate(year: 2012, month: 2, day: 29))
        #expect(records.pupils.map(\.division) == ["6A", "6A", "6B", "6B", "6B"])
        #expect(records.pupils[2].groups == ["6ALL2", "6LAT"])
        #expect(records.structures.map(\.code) == ["6A", "6ESP2", "6B", "6ALL2", "6LAT"])
        #expect(records.structures.map(\.kind) == [.division, .group, .division, .group, .group])
        #expect(records.skipped.isEmpty)
    }

    @Test func latin9FileWithAccentedNamesIsReadAsDeclared() throws {
        let directory = try TestDirectory()
        let data = Fixtures.latin9(Self.accented)
        // Really single-byte: "œ" is 0xBD, "Œ" 0xBC (neither is in Latin-1), "è" 0xE8, "ç" 0xE7; not valid UTF-8.
        for byte: UInt8 in [0xBD, 0xBC, 0xE8, 0xE7, 0xE9, 0xC8] { #expect(data.contains(byte)) }
        #expect(String(data: data, encoding: .utf8) == nil)
        let url = try directory.file("ElevesSansAdresses.xml", data)
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        Self.checkAccented(records)
    }

    @Test func zippedFileIsReadLikeTheXML() throws {
        let directory = try TestDirectory()
        let xml = try directory.file("ElevesSansAdresses.xml", Fixtures.latin9(Self.accented))
        let zip = try directory.zip(xml, as: "ElevesSansAdresses.zip")
        try FileManager.default.removeItem(at: xml)
        // Found by its signature, whatever its name.
        let renamed = directory.url.appendingPathComponent("export.bin")
        try FileManager.default.moveItem(at: zip, to: renamed)
        let records = try ExportReader.read(renamed, as: .sieclePupils, expectedUAI: Fixtures.uai)
        Self.checkAccented(records)
        // The temporary extraction is gone.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("cartable-zip-entry-") }
        #expect(leftovers.isEmpty)
    }

    @Test func unreadableZipIsAProblemNotAThrow() throws {
        let directory = try TestDirectory()
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        bytes += [UInt8](repeating: 0x41, count: 200)
        let url = try directory.file("ElevesSansAdresses.zip", Data(bytes))
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        #expect(records.pupils.isEmpty)
        #expect(records.problems.count == 1)
        guard case .unreadable = records.problems.first?.kind else {
            Issue.record("expected an unreadable problem, got \(records.problems)")
            return
        }
        #expect(records.problems.first?.source == .sieclePupils)
    }

    @Test func anotherSchoolsFileIsRefusedWithNoRecords() throws {
        let directory = try TestDirectory()
        let xml = Fixtures.pupilsFile(
            uai: "0930042Z", eleves: [Fixtures.eleve("1", nom: "DUPONT", prenom: "Léa")], structures: [Fixtures.structures("1", division: "6A")])
        let url = try directory.file("ElevesSansAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: "0750001a")
        #expect(records.problems == [Problem(source: .sieclePupils, line: 0, kind: .otherSchool(found: "0930042Z", expected: "0750001a"))])
        #expect(records.pupils.isEmpty)
        #expect(records.structures.isEmpty)
        #expect(records.skipped.isEmpty)
        // The UAI's case does not matter.
        let same = try ExportReader.read(url, as: .sieclePupils, expectedUAI: "0930042z")
        #expect(same.problems.isEmpty)
        #expect(same.pupils.count == 1)
    }

    @Test func leftPupilsNoNationalIDAndInactifsAreSkippedAndCounted() throws {
        let directory = try TestDirectory()
        let xml = Fixtures.pupilsFile(
            eleves: [
                Fixtures.eleve("1", nom: "DUPONT", prenom: "Léa"),
                Fixtures.eleve("2", nom: "MARTIN", prenom: "Hugo", sortie: "15/10/2025"),
                Fixtures.eleve("3", nom: "PETIT", prenom: "Zoé", sortie: "02/01/2026"),
                Fixtures.eleve("4", ine: "", nom: "ROUX", prenom: "Jules"),
                Fixtures.eleve("5", nom: "BLANC", prenom: "Inès"),
                Fixtures.eleve("6", nom: "FAURE", prenom: "Théo"),
            ],
            structures: [
                Fixtures.structures("1", division: "6A"),
                Fixtures.structures("2", division: "6A", groups: ["6LATIN"]),
                Fixtures.structures("3", division: "6Z"),
                Fixtures.structures("4", division: "6A", groups: ["6GREC"]),
                Fixtures.structures("5", division: "Inactifs"),
                Fixtures.structures("6", division: "INACTIFS", groups: ["6CHORALE"]),
                // An unknown pupil (usually one skipped): ignored, no problem.
                Fixtures.structures("999", division: "6Q"),
            ])
        let url = try directory.file("ElevesSansAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        #expect(records.problems == [])
        #expect(records.pupils.map(\.externalID) == ["1"])
        #expect(records.skipped == [.left: 2, .noNationalID: 1, .inactive: 2])
        // Skipped pupils' structures do not make structures.
        #expect(records.structures.map(\.code) == ["6A"])
    }

    @Test func problemsCarryTheRecordsPosition() throws {
        let directory = try TestDirectory()
        let long = String(repeating: "A", count: 101)
        let xml = Fixtures.pupilsFile(
            eleves: [
                Fixtures.eleve("1", nom: "DUPONT", usage: "", prenom: "Léa"),
                Fixtures.eleve("2", nom: "MARTIN", prenom: ""),
                Fixtures.eleve("3", nom: "PETIT", prenom: "Zoé", naissance: "31/02/2013"),
                Fixtures.eleve("1", nom: "ROUX", prenom: "Jules"),
                Fixtures.eleve("5", nom: "BLANC", prenom: "Inès"),
                Fixtures.eleve("6", nom: long, prenom: "Théo"),
                Fixtures.eleve("7", nom: "  LE   GOFF ", usage: "LE GOFF-\nMORIN", prenom: "Maël"),
            ],
            structures: [
                Fixtures.structures("1", division: "6A"),
                Fixtures.structures("2", division: "6A"),
                Fixtures.structures("3", division: "6A"),
                Fixtures.structures("5", division: nil, groups: ["6ESP2"]),
                Fixtures.structures("6", division: "6A"),
                Fixtures.structures("7", division: "6B"),
            ])
        let url = try directory.file("ElevesSansAdresses.xml", Fixtures.latin9(xml))
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        #expect(
            records.problems == [
                Problem(source: .sieclePupils, line: 2, kind: .missingField("PRENOM")),
                Problem(source: .sieclePupils, line: 3, kind: .badDate("31/02/2013")),
                Problem(source: .sieclePupils, line: 4, kind: .duplicateID("1")),
                Problem(source: .sieclePupils, line: 5, kind: .missingField("division")),
                Problem(source: .sieclePupils, line: 6, kind: .badValue(field: "NOM_DE_FAMILLE", value: long)),
            ])
        // An empty NOM_USAGE falls back to NOM_DE_FAMILLE; whitespace is collapsed.
        #expect(records.pupils.map(\.lastName) == ["DUPONT", "LE GOFF- MORIN"])
        #expect(records.pupils.map(\.line) == [1, 7])
    }

    @Test(arguments: [
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<BEE_ELEVES><PARAMETRES><UAJ>0750001A</UAJ></PARAMETRES><DONNEES><ELEVES><ELEVE ELEVE_ID=\"1\"><NOM_DE_FAMILLE>A</NOM",
        "<?xml version=\"1.0\"?>\n<BEE_ELEVES><PARAMETRES><UAJ>0750001A</UAJ></PARAMETRES><DONNEES></ELEVES></DONNEES></BEE_ELEVES>",
        "not xml at all",
        "",
    ])
    func malformedXMLIsAnUnreadableProblem(text: String) throws {
        let directory = try TestDirectory()
        let url = try directory.file("ElevesSansAdresses.xml", utf8: text)
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        #expect(records.pupils.isEmpty)
        #expect(records.problems.count == 1)
        guard case .unreadable(let detail) = records.problems.first?.kind else {
            Issue.record("expected an unreadable problem, got \(records.problems)")
            return
        }
        #expect(!detail.isEmpty)
    }

    @Test func anotherKindOfExportIsNotThisKindOfFile() throws {
        let directory = try TestDirectory()
        let url = try directory.file("Responsables.xml", Fixtures.latin9(Fixtures.guardiansFile(personnes: [], liens: [])))
        let records = try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai)
        #expect(records.problems == [Problem(source: .sieclePupils, line: 0, kind: .notThisKindOfFile(expected: "BEE_ELEVES"))])
    }

    @Test func aMissingFileThrows() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-export-\(UUID().uuidString).xml")
        #expect(throws: (any Error).self) { try ExportReader.read(url, as: .sieclePupils, expectedUAI: Fixtures.uai) }
        #expect(throws: (any Error).self) { try ExportReader.kind(of: url) }
    }
}
