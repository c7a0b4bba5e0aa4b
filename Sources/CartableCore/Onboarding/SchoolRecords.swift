import Foundation

/// What a school's administrative exports say about it, read from SIECLE, STS-web or CSV files.
///
/// Parsers fill it (the `CartableImport` module); ``ImportPlan`` compares it with what Cartable already has.
/// Every record is keyed by the id its source file gives it: `ELEVE_ID`, `PERSONNE_ID`, `INDIVIDU/@ID` or a CSV's `Id`.
public struct SchoolRecords: Sendable, Equatable {
    /// A pupil.
    public struct Pupil: Sendable, Equatable {
        /// The file's key: `ELEVE_ID` (SIECLE) or the `Id` column (CSV).
        public var externalID: String
        /// `ID_NATIONAL` (INE) when the file gives it.
        public var nationalID: String?
        /// `NOM_USAGE` when present, else `NOM_DE_FAMILLE`.
        public var lastName: String
        /// `PRENOM`.
        public var firstName: String
        /// `DATE_NAISS`.
        public var birthDate: LocalDate?
        /// The code of their division (`TYPE_STRUCTURE` D), e.g. "4B".
        public var division: String?
        /// The codes of their groups (`TYPE_STRUCTURE` G).
        public var groups: [String]
        /// Where the pupil was read (a line number for CSV, the record's position for XML), for messages.
        public var line: Int

        /// Creates a pupil record.
        public init(
            externalID: String, nationalID: String? = nil, lastName: String, firstName: String, birthDate: LocalDate? = nil,
            division: String? = nil, groups: [String] = [], line: Int = 0
        ) {
            self.externalID = externalID
            self.nationalID = nationalID
            self.lastName = lastName
            self.firstName = firstName
            self.birthDate = birthDate
            self.division = division
            self.groups = groups
            self.line = line
        }
    }

    /// A guardian (a `PERSONNE` of the guardians file, or a CSV line).
    public struct Guardian: Sendable, Equatable {
        /// `PERSONNE_ID`, or the CSV's `Id` (or, without one, a key made of the name and e-mail).
        public var externalID: String
        /// `NOM_USAGE` when present, else `NOM_DE_FAMILLE`.
        public var lastName: String
        /// `PRENOM`.
        public var firstName: String
        /// `MEL`, when given.
        public var email: String?
        /// Where it was read.
        public var line: Int

        /// Creates a guardian record.
        public init(externalID: String, lastName: String, firstName: String, email: String? = nil, line: Int = 0) {
            self.externalID = externalID
            self.lastName = lastName
            self.firstName = firstName
            self.email = email
            self.line = line
        }
    }

    /// A legal guardian's link to a pupil (`RESPONSABLE_ELEVE` with `NIVEAU_RESPONSABILITE` 1, or `RESP_LEGAL` 1 or 2).
    public struct Guardianship: Sendable, Equatable, Hashable {
        /// The pupil's `externalID`.
        public var pupilExternalID: String
        /// The guardian's `externalID`.
        public var guardianExternalID: String
        /// For a CSV that names the child instead of giving its id: last name, first name and class, matched
        /// after folding accents and case (``pupilExternalID`` is then empty).
        public var pupilByName: PupilByName?

        /// Creates a link.
        public init(pupilExternalID: String, guardianExternalID: String, pupilByName: PupilByName? = nil) {
            self.pupilExternalID = pupilExternalID
            self.guardianExternalID = guardianExternalID
            self.pupilByName = pupilByName
        }
    }

    /// A child named by a CSV of guardians.
    public struct PupilByName: Sendable, Equatable, Hashable {
        /// Last name.
        public var lastName: String
        /// First name.
        public var firstName: String
        /// The division's code.
        public var division: String

        /// Creates a reference.
        public init(lastName: String, firstName: String, division: String) {
            self.lastName = lastName
            self.firstName = firstName
            self.division = division
        }
    }

    /// A teacher (an STS-web `INDIVIDU`, or a CSV line).
    public struct Teacher: Sendable, Equatable {
        /// `INDIVIDU/@ID`: not stable from one STS-web export to the next (matching uses name and birth date).
        public var externalID: String
        /// `NOM_USAGE`.
        public var lastName: String
        /// `PRENOM`.
        public var firstName: String
        /// `DATE_NAISSANCE`.
        public var birthDate: LocalDate?
        /// The e-mail address a CSV of teachers gives (STS-web gives none).
        public var email: String?
        /// Where it was read.
        public var line: Int

        /// Creates a teacher record.
        public init(
            externalID: String, lastName: String, firstName: String, birthDate: LocalDate? = nil, email: String? = nil, line: Int = 0
        ) {
            self.externalID = externalID
            self.lastName = lastName
            self.firstName = firstName
            self.birthDate = birthDate
            self.email = email
            self.line = line
        }
    }

    /// A teacher teaches a subject to a division or a group (an STS-web `SERVICE`'s `ENSEIGNANT`).
    public struct Teaching: Sendable, Equatable, Hashable {
        /// The teacher's `externalID`.
        public var teacherExternalID: String
        /// The division's or group's code.
        public var structure: String
        /// The subject's long name (`LIBELLE_LONG`), or its code when the nomenclature does not name it.
        public var subject: String

        /// Creates a teaching record.
        public init(teacherExternalID: String, structure: String, subject: String) {
            self.teacherExternalID = teacherExternalID
            self.structure = structure
            self.subject = subject
        }
    }

    /// A division or group the files name.
    public struct Structure: Sendable, Equatable {
        /// The code ("4B", "4ESP2").
        public var code: String
        /// Division or group.
        public var kind: SchoolClass.Kind
        /// The label the file gives, if any (else the code is the name).
        public var label: String?
        /// For a group: the divisions its pupils come from (`DIVISIONS_APPARTENANCE`).
        public var divisions: [String]

        /// Creates a structure.
        public init(code: String, kind: SchoolClass.Kind, label: String? = nil, divisions: [String] = []) {
            self.code = code
            self.kind = kind
            self.label = label
            self.divisions = divisions
        }
    }

    /// Why a pupil of the file was left out. Counted in the preview.
    public enum SkipReason: String, Sendable, CaseIterable {
        /// A `DATE_SORTIE`: the pupil has left.
        case left
        /// No `ID_NATIONAL`.
        case noNationalID
        /// In the division `Inactifs`.
        case inactive
    }

    /// Which file a problem was found in.
    public enum Source: String, Sendable, CaseIterable {
        /// The SIECLE pupils file.
        case sieclePupils
        /// The SIECLE guardians file.
        case siecleGuardians
        /// The SIECLE nomenclature.
        case nomenclature
        /// The STS-web file.
        case sts
        /// A CSV of pupils.
        case csvPupils
        /// A CSV of guardians.
        case csvGuardians
        /// A CSV of teachers.
        case csvTeachers
    }

    /// A problem with one line or record of a file. A file with problems is not applied.
    public struct LineProblem: Sendable, Equatable {
        /// What is wrong.
        public enum Kind: Sendable, Equatable {
            /// The file is not an export of this kind (`expected` root element or header).
            case notThisKindOfFile(expected: String)
            /// The file is not well formed (XML error, unreadable zip); `detail` is the parser's words.
            case unreadable(detail: String)
            /// The file is another school's (its `UAJ`).
            case otherSchool(found: String, expected: String)
            /// A required field is empty or missing.
            case missingField(String)
            /// A date that is not `dd/mm/yyyy`.
            case badDate(String)
            /// The same id on two records.
            case duplicateID(String)
            /// A pupil in a division or group the files do not know, or a link to an unknown pupil or guardian.
            case unknownReference(String)
            /// A CSV header none of the documented aliases matches.
            case unknownColumn(String)
            /// A value too long or with characters a name cannot have.
            case badValue(field: String, value: String)
        }

        /// The file.
        public var source: Source
        /// The line (CSV) or record number (XML); 0 for the whole file.
        public var line: Int
        /// What is wrong.
        public var kind: Kind

        /// Creates a problem.
        public init(source: Source, line: Int, kind: Kind) {
            self.source = source
            self.line = line
            self.kind = kind
        }
    }

    /// The school's UAI the files say they are for (`PARAMETRES/UAJ`, STS-web's `UAJ`).
    public var uai: String?
    /// The school year the files say (`ANNEE_SCOLAIRE`, e.g. "2026").
    public var schoolYear: String?
    /// The pupils kept.
    public var pupils: [Pupil] = []
    /// The guardians.
    public var guardians: [Guardian] = []
    /// Legal guardians' links.
    public var guardianships: [Guardianship] = []
    /// Teachers.
    public var teachers: [Teacher] = []
    /// Teachings.
    public var teachings: [Teaching] = []
    /// The divisions and groups named by the files.
    public var structures: [Structure] = []
    /// Subject codes to names (`Nomenclature.xml`, STS-web's `MATIERES`).
    public var subjects: [String: String] = [:]
    /// Pupils left out, by reason.
    public var skipped: [SkipReason: Int] = [:]
    /// Problems found; when not empty nothing is applied.
    public var problems: [LineProblem] = []

    /// Empty records.
    public init() {}

    /// Adds what `other` read (another file of the same import) to these records.
    public mutating func merge(_ other: SchoolRecords) {
        uai = uai ?? other.uai
        schoolYear = schoolYear ?? other.schoolYear
        pupils += other.pupils
        guardians += other.guardians
        guardianships += other.guardianships
        teachers += other.teachers
        teachings += other.teachings
        for structure in other.structures where !structures.contains(where: { $0.code == structure.code }) {
            structures.append(structure)
        }
        subjects.merge(other.subjects) { current, _ in current }
        skipped.merge(other.skipped, uniquingKeysWith: +)
        problems += other.problems
    }
}
