import CartableCore
import Foundation

extension SampleSchool {
    /// The pupils file's name.
    public static let pupilsFileName = "ElevesSansAdresses.xml"
    /// The guardians file's name.
    public static let guardiansFileName = "ResponsablesAvecAdresses.xml"
    /// The nomenclature's name.
    public static let nomenclatureFileName = "Nomenclature.xml"

    /// The STS-web file's name: `sts_emp_<UAI>_<year>.xml`.
    public var stsFileName: String { "sts_emp_\(uai)_\(year).xml" }

    /// Writes `ElevesSansAdresses.xml`, `ResponsablesAvecAdresses.xml` (both ISO-8859-15), `Nomenclature.xml` (ISO-8859-15)
    /// and `sts_emp_<UAI>_<year>.xml` (ISO-8859-1) into `directory`, each in 64 KB chunks; returns their URLs in that order.
    public func write(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let layout = layout()
        let urls = [Self.pupilsFileName, Self.guardiansFileName, Self.nomenclatureFileName, stsFileName].map {
            directory.appendingPathComponent($0)
        }
        try writePupils(to: urls[0], layout: layout)
        try writeGuardians(to: urls[1])
        try writeNomenclature(to: urls[2])
        try writeSTS(to: urls[3], layout: layout)
        return urls
    }

    private static func french(_ date: LocalDate) -> String {
        let (year, month, day) = date.components
        return (day < 10 ? "0" : "") + "\(day)/" + (month < 10 ? "0" : "") + "\(month)/\(year)"
    }

    private func parameters(_ file: XMLFileWriter) throws {
        file.raw("<PARAMETRES>\n")
        file.element("UAJ", uai)
        file.element("ANNEE_SCOLAIRE", String(year))
        file.element("DATE_EXPORT", "01/09/\(year)")
        file.element("HORODATAGE", "01/09/\(year) 07:30:00")
        try file.close("PARAMETRES")
    }

    /// The pupil's `ID_NATIONAL`: ten digits and a letter, the same for the same pupil every year.
    private static func nationalID(_ id: Int) -> String {
        let digits = String((id &* 7_919 &+ 123_456_789) % 10_000_000_000)
        let letter = Array("ABCDEFGHJKLMNPRSTUVWXYZ")[id % 23]
        return String(repeating: "0", count: 10 - digits.count) + digits + String(letter)
    }

    private func writePupils(to url: URL, layout: Layout) throws {
        let file = try XMLFileWriter(url: url, encoding: .latin9)
        file.raw("<BEE_ELEVES VERSION=\"3.4\">\n")
        try parameters(file)
        file.raw("<DONNEES>\n<ELEVES>\n")
        for pupil in pupils {
            file.open("ELEVE", ["ELEVE_ID": String(pupil.id), "ELENOET": String(pupil.id - 990_000)])
            file.element("ID_NATIONAL", pupil.status == .withoutNationalID ? "" : Self.nationalID(pupil.id))
            file.element("ELENOET", String(pupil.id - 990_000))
            file.element("NOM_DE_FAMILLE", pupil.lastName)
            file.element("NOM_USAGE", pupil.usageName)
            file.element("PRENOM", pupil.firstName)
            file.element("DATE_NAISS", Self.french(pupil.birthDate))
            file.element("CODE_SEXE", pupil.isGirl ? "2" : "1")
            file.element("CODE_MEF", kind == .college ? "1001001\(pupil.level)110" : "2001001\(pupil.level)110")
            file.element("DATE_ENTREE", "02/09/\(year)")
            if pupil.status == .left { file.element("DATE_SORTIE", "15/10/\(year)") }
            try file.close("ELEVE")
        }
        file.raw("</ELEVES>\n<STRUCTURES>\n")
        for (index, pupil) in pupils.enumerated() {
            file.open("STRUCTURES_ELEVE", ["ELEVE_ID": String(pupil.id), "ELENOET": String(pupil.id - 990_000)])
            file.raw("<STRUCTURE>")
            file.element("CODE_STRUCTURE", layout.division[index])
            file.element("TYPE_STRUCTURE", "D")
            file.raw("</STRUCTURE>")
            if let group = layout.group[index] {
                file.raw("<STRUCTURE>")
                file.element("CODE_STRUCTURE", group)
                file.element("TYPE_STRUCTURE", "G")
                file.raw("</STRUCTURE>")
            }
            try file.close("STRUCTURES_ELEVE")
        }
        file.raw("</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n")
        try file.finish()
    }

    private func writeGuardians(to url: URL) throws {
        let enrolled = pupils.filter { $0.status == .enrolled }
        let personIDs = Set(enrolled.flatMap { $0.links.map(\.personID) }).sorted()
        let file = try XMLFileWriter(url: url, encoding: .latin9)
        file.raw("<BEE_RESPONSABLES VERSION=\"1.7\">\n")
        try parameters(file)
        file.raw("<DONNEES>\n<PERSONNES>\n")
        for id in personIDs {
            guard let person = people[id] else { continue }
            file.open("PERSONNE", ["PERSONNE_ID": String(id)])
            file.element("NOM_DE_FAMILLE", person.lastName)
            file.element("PRENOM", person.firstName)
            file.element("LC_CIVILITE", person.isWoman ? "MME" : "M.")
            file.element("TEL_PORTABLE", "06 12 34 \(String(id % 90 + 10)) \(String(id / 90 % 90 + 10))")
            file.element("MEL", person.email)
            file.element("ADRESSE_ID", String(id + 1_000_000))
            try file.close("PERSONNE")
        }
        file.raw("</PERSONNES>\n<RESPONSABLES>\n")
        for pupil in enrolled {
            for link in pupil.links {
                file.raw("<RESPONSABLE_ELEVE>")
                file.element("ELEVE_ID", String(pupil.id))
                file.element("PERSONNE_ID", String(link.personID))
                file.element("RESP_LEGAL", String(link.legal))
                file.element("CODE_PARENTE", link.kinship)
                file.element("RESP_FINANCIER", link.legal == 1 ? "1" : "0")
                file.element("PERS_PAIEMENT", link.legal == 1 ? "1" : "0")
                file.element("PERS_CONTACT", "1")
                file.element("NIVEAU_RESPONSABILITE", link.responsibility.map(String.init))
                try file.close("RESPONSABLE_ELEVE")
            }
        }
        file.raw("</RESPONSABLES>\n<ADRESSES>\n")
        for id in personIDs {
            file.open("ADRESSE", ["ADRESSE_ID": String(id + 1_000_000)])
            file.element("LIGNE1_ADRESSE", "\(id % 97 + 1) rue de l'Église")
            file.element("CODE_POSTAL", "75005")
            file.element("LIBELLE_POSTAL", "PARIS")
            file.element("LL_PAYS", "FRANCE")
            try file.close("ADRESSE")
        }
        file.raw("</ADRESSES>\n</DONNEES>\n</BEE_RESPONSABLES>\n")
        try file.finish()
    }

    private func writeNomenclature(to url: URL) throws {
        let file = try XMLFileWriter(url: url, encoding: .latin9)
        file.raw("<BEE_NOMENCLATURES VERSION=\"2.1\">\n")
        try parameters(file)
        file.raw("<DONNEES>\n<MATIERES>\n")
        for subject in SampleSubject.all {
            file.open("MATIERE", ["CODE_MATIERE": subject.code])
            file.element("CODE_GESTION", subject.management)
            file.element("LIBELLE_COURT", subject.short)
            file.element("LIBELLE_LONG", subject.long)
            file.element("LIBELLE_EDITION", subject.edition)
            file.element("MATIERE_ETP", "0")
            try file.close("MATIERE")
        }
        file.raw("</MATIERES>\n</DONNEES>\n</BEE_NOMENCLATURES>\n")
        try file.finish()
    }

    /// The STS-web `INDIVIDU/@ID` of staff member `index` this year: made from the year, so none is kept from the last.
    func staffID(_ index: Int) -> String {
        String((year % 100) * 100_000 + 7_000 + index)
    }

    private func writeSTS(to url: URL, layout: Layout) throws {
        let file = try XMLFileWriter(url: url, encoding: .latin1)
        file.raw("<STS_EDT>\n<PARAMETRES>\n")
        file.empty("UAJ", ["CODE": uai])
        file.empty("ANNEE_SCOLAIRE", ["ANNEE": String(year)])
        file.element("DATE_EXPORT", "\(year)-09-01")
        file.element("HORODATAGE", "01/09/\(year) 07:45:00")
        file.raw("\n")
        try file.close("PARAMETRES")
        file.raw("<NOMENCLATURES>\n<MATIERES>\n")
        for subject in SampleSubject.all {
            file.open("MATIERE", ["CODE": subject.code])
            file.element("CODE_GESTION", subject.management)
            file.element("LIBELLE_COURT", subject.short)
            file.element("LIBELLE_LONG", subject.long)
            file.element("LIBELLE_EDITION", subject.edition)
            try file.close("MATIERE")
        }
        file.raw("</MATIERES>\n</NOMENCLATURES>\n<DONNEES>\n<INDIVIDUS>\n")
        for (index, member) in staff.enumerated() {
            file.open("INDIVIDU", ["ID": staffID(index), "TYPE": "epp"])
            file.element("SEXE", member.isWoman ? "2" : "1")
            file.element("CIVILITE", member.isWoman ? "2" : "1")
            file.element("NOM_USAGE", member.lastName)
            file.element("NOM_PATRONYMIQUE", member.birthName)
            file.element("PRENOM", member.firstName)
            file.element("DATE_NAISSANCE", member.birthDate.iso)
            file.element("GRADE", member.function == "DIR" ? "PERDIR" : "CERT")
            file.element("FONCTION", member.function)
            try file.close("INDIVIDU")
        }
        file.raw("</INDIVIDUS>\n<STRUCTURE>\n<DIVISIONS>\n")
        let taught = kind.divisionSubjects + [SampleSubject.spanish, SampleSubject.german]
        let teachers = staff.indices.filter { staff[$0].function == "ENS" }
        var served = [Int](repeating: 0, count: taught.count)
        func teacher(for subject: SampleSubject) -> String {
            let position = taught.firstIndex(of: subject) ?? 0
            let candidates = teachers.filter { staff[$0].subject == position }
            defer { served[position] += 1 }
            guard !candidates.isEmpty else { return staffID(teachers[position % teachers.count]) }
            return staffID(candidates[served[position] % candidates.count])
        }
        func service(_ subject: SampleSubject) {
            file.open("SERVICE", ["CODE_MATIERE": subject.code, "CODE_MOD_COURS": "CG"])
            file.raw("<ENSEIGNANTS>")
            file.open("ENSEIGNANT", ["ID": teacher(for: subject), "TYPE": "epp"])
            file.raw("</ENSEIGNANT></ENSEIGNANTS></SERVICE>\n")
        }
        for division in layout.divisions {
            file.open("DIVISION", ["CODE": division.code])
            file.element("LIBELLE_LONG", division.label)
            file.element("EFFECTIF_PREVU", "28")
            file.raw("\n<SERVICES>\n")
            for subject in kind.divisionSubjects { service(subject) }
            file.raw("</SERVICES>\n")
            try file.close("DIVISION")
        }
        file.raw("</DIVISIONS>\n<GROUPES>\n")
        for group in layout.groups {
            file.open("GROUPE", ["CODE": group.code])
            file.element("LIBELLE_LONG", group.label)
            file.raw("\n<DIVISIONS_APPARTENANCE>")
            for division in group.divisions { file.empty("DIVISION_APPARTENANCE", ["CODE": division]) }
            file.raw("</DIVISIONS_APPARTENANCE>\n<SERVICES>\n")
            service(group.subject)
            file.raw("</SERVICES>\n")
            try file.close("GROUPE")
        }
        file.raw("</GROUPES>\n</STRUCTURE>\n</DONNEES>\n</STS_EDT>\n")
        try file.finish()
    }
}
