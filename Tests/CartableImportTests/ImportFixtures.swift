import CartableCore
import CartableImport
import Foundation
import ZIPFoundation

/// A temporary directory per test, removed when the test is done with it.
final class TestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` as `name`.
    func file(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    /// Writes `text` as `name` in UTF-8.
    func file(_ name: String, utf8 text: String) throws -> URL {
        try file(name, Data(text.utf8))
    }

    /// Zips `file` (deflated, as SIECLE does) into `name`.
    func zip(_ file: URL, as name: String) throws -> URL {
        let zipURL = url.appendingPathComponent(name)
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: file.lastPathComponent, relativeTo: file.deletingLastPathComponent(), compressionMethod: .deflate)
        return zipURL
    }
}

enum Fixtures {
    static let uai = "0750001A"

    /// `text` in ISO-8859-15 (Latin-9): fails the test's expectations if a character does not fit.
    static func latin9(_ text: String) -> Data {
        let extra: [Unicode.Scalar: UInt8] = ["€": 0xA4, "Š": 0xA6, "š": 0xA8, "Ž": 0xB4, "ž": 0xB8, "Œ": 0xBC, "œ": 0xBD, "Ÿ": 0xBE]
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let byte = extra[scalar] {
                bytes.append(byte)
            } else {
                precondition(scalar.value <= 0xFF, "not in Latin-9: \(scalar)")
                bytes.append(UInt8(scalar.value))
            }
        }
        return Data(bytes)
    }

    /// `text` in Windows-1252 for the few characters tests use beyond Latin-1.
    static func windows1252(_ text: String) -> Data {
        let extra: [Unicode.Scalar: UInt8] = ["€": 0x80, "œ": 0x9C, "Œ": 0x8C, "’": 0x92]
        return Data(text.unicodeScalars.map { extra[$0] ?? UInt8($0.value) })
    }

    static func parameters(uai: String = uai, year: String = "2025") -> String {
        "<PARAMETRES><UAJ>\(uai)</UAJ><ANNEE_SCOLAIRE>\(year)</ANNEE_SCOLAIRE><DATE_EXPORT>01/09/2025</DATE_EXPORT></PARAMETRES>"
    }

    /// An `ELEVE` element.
    static func eleve(
        _ id: String, ine: String? = nil, nom: String, usage: String? = nil, prenom: String, naissance: String = "14/03/2013",
        sortie: String? = nil
    ) -> String {
        var xml = "<ELEVE ELEVE_ID=\"\(id)\" ELENOET=\"\(id)\">"
        xml += "<ID_NATIONAL>\(ine ?? "07\(id)12345K")</ID_NATIONAL><NOM_DE_FAMILLE>\(nom)</NOM_DE_FAMILLE>"
        if let usage { xml += "<NOM_USAGE>\(usage)</NOM_USAGE>" }
        xml += "<PRENOM>\(prenom)</PRENOM><DATE_NAISS>\(naissance)</DATE_NAISS><CODE_SEXE>1</CODE_SEXE><CODE_MEF>10010012110</CODE_MEF>"
        if let sortie { xml += "<DATE_SORTIE>\(sortie)</DATE_SORTIE>" }
        return xml + "</ELEVE>\n"
    }

    /// A `STRUCTURES_ELEVE` element: the division, then the groups.
    static func structures(_ id: String, division: String?, groups: [String] = []) -> String {
        var xml = "<STRUCTURES_ELEVE ELEVE_ID=\"\(id)\">"
        if let division { xml += "<STRUCTURE><CODE_STRUCTURE>\(division)</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>" }
        for group in groups { xml += "<STRUCTURE><CODE_STRUCTURE>\(group)</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>" }
        return xml + "</STRUCTURES_ELEVE>\n"
    }

    /// A whole pupils file, declared ISO-8859-15.
    static func pupilsFile(uai: String = uai, eleves: [String], structures: [String]) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-15"?>
        <BEE_ELEVES VERSION="3.4">
        \(parameters(uai: uai))
        <DONNEES>
        <ELEVES>
        \(eleves.joined())</ELEVES>
        <STRUCTURES>
        \(structures.joined())</STRUCTURES>
        </DONNEES>
        </BEE_ELEVES>

        """
    }

    static func personne(_ id: String, nom: String, usage: String? = nil, prenom: String, mel: String? = nil) -> String {
        var xml = "<PERSONNE PERSONNE_ID=\"\(id)\"><NOM_DE_FAMILLE>\(nom)</NOM_DE_FAMILLE>"
        if let usage { xml += "<NOM_USAGE>\(usage)</NOM_USAGE>" }
        xml += "<PRENOM>\(prenom)</PRENOM><LC_CIVILITE>MME</LC_CIVILITE>"
        if let mel { xml += "<MEL>\(mel)</MEL>" }
        return xml + "<ADRESSE_ID>9\(id)</ADRESSE_ID></PERSONNE>\n"
    }

    static func lien(eleve: String, personne: String, respLegal: String, niveau: String?, parente: String = "10") -> String {
        var xml = "<RESPONSABLE_ELEVE><ELEVE_ID>\(eleve)</ELEVE_ID><PERSONNE_ID>\(personne)</PERSONNE_ID>"
        xml += "<RESP_LEGAL>\(respLegal)</RESP_LEGAL><CODE_PARENTE>\(parente)</CODE_PARENTE><RESP_FINANCIER>1</RESP_FINANCIER>"
        if let niveau { xml += "<NIVEAU_RESPONSABILITE>\(niveau)</NIVEAU_RESPONSABILITE>" }
        return xml + "</RESPONSABLE_ELEVE>\n"
    }

    static func guardiansFile(uai: String = uai, personnes: [String], liens: [String]) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-15"?>
        <BEE_RESPONSABLES VERSION="1.7">
        \(parameters(uai: uai))
        <DONNEES>
        <PERSONNES>
        \(personnes.joined())</PERSONNES>
        <RESPONSABLES>
        \(liens.joined())</RESPONSABLES>
        <ADRESSES><ADRESSE ADRESSE_ID="91"><LIGNE1_ADRESSE>3 rue de l'Église</LIGNE1_ADRESSE><CODE_POSTAL>75005</CODE_POSTAL></ADRESSE></ADRESSES>
        </DONNEES>
        </BEE_RESPONSABLES>

        """
    }
}
