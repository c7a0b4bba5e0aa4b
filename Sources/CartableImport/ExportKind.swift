import CartableCore

/// The kinds of file an import reads: SIECLE's and STS-web's XML exports, or CSV files for schools without them.
public enum ExportKind: String, Sendable, CaseIterable {
    /// SIECLE's pupils (`ElevesSansAdresses.xml` or `ElevesAvecAdresses.xml`, root `BEE_ELEVES`).
    case sieclePupils
    /// SIECLE's guardians (`ResponsablesAvecAdresses.xml`, root `BEE_RESPONSABLES`).
    case siecleGuardians
    /// SIECLE's nomenclature (`Nomenclature.xml`, root `BEE_NOMENCLATURES`): subject names.
    case nomenclature
    /// STS-web's export for timetable software (`sts_emp_<UAI>_<year>.xml`, root `STS_EDT`): teachers and their services.
    case sts
    /// A CSV of pupils (see ``CSVTemplates/pupils``).
    ///
    /// Headers are matched without accents, case, spaces, `_`, `-`, `*` or apostrophes. Id: `id`, `externalid`,
    /// `identifiant`, `ine` (required); last name: `nom`, `lastname`, `nomdefamille`, `nomdusage` (required); first name:
    /// `prenom`, `firstname` (required); birth date: `datedenaissance`, `naissance`, `birthdate`, `datenaiss`
    /// (`dd/mm/yyyy` or `yyyy-mm-dd`); class: `classe`, `classes`, `division`, `class` (required); groups: `groupes`,
    /// `groupe`, `groups` (separated by `,` or `|`). Other columns are ignored.
    case csvPupils
    /// A CSV of guardians (see ``CSVTemplates/guardians``), one line per guardian and child.
    ///
    /// Id, last and first names as for pupils (names required); e-mail: `email`, `mail`, `courriel`, `mel`; the child by
    /// id: `ideleve`, `eleveid`, `childid`, `identifianteleve`, or by name: `nomeleve`, `elevenom`, `childlastname`;
    /// `prenomeleve`, `eleveprenom`, `childfirstname`; `classeeleve`, `eleveclasse`, `childclass` (one of the two required).
    case csvGuardians
    /// A CSV of teachers (see ``CSVTemplates/teachers``), one or more lines per teacher.
    ///
    /// Id, names, birth date and e-mail as above (names required); subjects: `matiere`, `matieres`, `discipline`,
    /// `subject`; classes and groups as for pupils. Lists are separated by `,` or `|`.
    case csvTeachers

    /// The file a problem found in this kind of export is reported against.
    var source: SchoolRecords.Source {
        switch self {
        case .sieclePupils: .sieclePupils
        case .siecleGuardians: .siecleGuardians
        case .nomenclature: .nomenclature
        case .sts: .sts
        case .csvPupils: .csvPupils
        case .csvGuardians: .csvGuardians
        case .csvTeachers: .csvTeachers
        }
    }

    /// The root element of an XML export, `nil` for a CSV.
    var rootElement: String? {
        switch self {
        case .sieclePupils: "BEE_ELEVES"
        case .siecleGuardians: "BEE_RESPONSABLES"
        case .nomenclature: "BEE_NOMENCLATURES"
        case .sts: "STS_EDT"
        case .csvPupils, .csvGuardians, .csvTeachers: nil
        }
    }

    /// The XML export whose root element is `name`.
    init?(rootElement name: String) {
        guard let kind = Self.allCases.first(where: { $0.rootElement == name }) else { return nil }
        self = kind
    }
}
