import CartableCore
import CartableImport
import Foundation
import Testing

@Suite struct ExportKindTests {
    @Test func everyKindIsSniffed() throws {
        let directory = try TestDirectory()
        let sample = try SampleExports.college(pupils: 60).write(to: directory.url.appendingPathComponent("sample"))
        #expect(try sample.map { try ExportReader.kind(of: $0) } == [.sieclePupils, .siecleGuardians, .nomenclature, .sts])
        let zipped = try directory.zip(sample[0], as: "ElevesSansAdresses.zip")
        #expect(try ExportReader.kind(of: zipped) == .sieclePupils)
        let csvs: [(String, ExportKind?)] = [
            ("Identifiant;Nom;Prénom;Classe\n", .csvPupils),
            ("\u{FEFF}NOM;PRENOM;DATE DE NAISSANCE;DIVISION\n", .csvPupils),
            ("Nom;Prénom;Courriel;Identifiant élève\n", .csvGuardians),
            ("Nom;Prénom;Nom élève;Prénom élève;Classe élève\n", .csvGuardians),
            ("Nom;Prénom;Discipline;Classes\n", .csvTeachers),
            ("nom,prenom,matiere\n", .csvTeachers),
            ("Produit;Prix\nPomme;2\n", nil),
        ]
        for (index, (text, kind)) in csvs.enumerated() {
            let url = try directory.file("file\(index).csv", utf8: text)
            #expect(try ExportReader.kind(of: url) == kind, "\(text)")
        }
        let unknownXML = try directory.file("other.xml", utf8: "<?xml version=\"1.0\"?>\n<!-- comment -->\n<FACTURES><F/></FACTURES>")
        #expect(try ExportReader.kind(of: unknownXML) == nil)
        let binary = try directory.file("image.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]))
        #expect(try ExportReader.kind(of: binary) == nil)
    }
}
