import CartableCore
import Foundation

/// A made-up school whose SIECLE and STS-web exports are generated, the same for the same seed on every run: for tests,
/// the import benchmark and `cartable import sample`.
///
/// The first year (``init(uai:year:pupils:kind:seed:)``) has `pupils` pupils spread evenly over the levels (the lowest
/// levels get the remainder), each level cut into divisions of at most 28 (`6A`…`6F`, lycée `2A`, `1B`, `TC`), each
/// pupil also in one LV2 group of their level (`6ESP2` for two in three, `6ALL2` for the others). On top of them the
/// pupils file has two records the reader must skip: one pupil in the division `Inactifs` and one without an
/// `ID_NATIONAL`. Most pupils have two legal guardians, some (about 15%) one, about 5% share theirs with a sibling;
/// about 4% also have a contact person (`NIVEAU_RESPONSABILITE` 2, not a legal guardian), and the first pupil's first
/// link is written the pre-2018 way (`RESP_LEGAL` 1 and no `NIVEAU_RESPONSABILITE`). There is one teacher (`ENS`) per 14
/// pupils (rounded, at least 2), and a principal (`DIR`) and a CPE (`EDU`) who are not teachers. Each division has 8
/// services (one subject each, one teacher each) and each group one (its language).
public struct SampleSchool: Sendable {
    /// Collège or lycée: which levels the school has.
    public enum Kind: String, Sendable, CaseIterable {
        /// A collège: 6e, 5e, 4e, 3e.
        case college
        /// A lycée: 2de, 1re, Tle.
        case lycee

        /// The levels' prefixes in division codes, the lowest first.
        var levels: [String] { self == .college ? ["6", "5", "4", "3"] : ["2", "1", "T"] }
        /// The levels' names in labels.
        var levelNames: [String] { self == .college ? ["6EME", "5EME", "4EME", "3EME"] : ["2NDE", "1ERE", "TERM"] }
        /// The age of the lowest level's pupils on 1 September.
        var entryAge: Int { self == .college ? 11 : 15 }
        /// The subjects every division has a service for.
        var divisionSubjects: [SampleSubject] {
            let common = Array(SampleSubject.all.prefix(7))
            return common + [self == .college ? SampleSubject.technology : SampleSubject.economics]
        }
    }

    /// What parsing this school's files must give: each count is of what ``ExportReader`` keeps.
    public struct Counts: Sendable, Equatable {
        /// Pupils kept from the pupils file: enrolled, with an `ID_NATIONAL`, not in `Inactifs`, no `DATE_SORTIE`.
        public var pupils: Int
        /// Pupils of the file left out, by reason (only reasons that occur): `.left` (a `DATE_SORTIE`),
        /// `.noNationalID` and `.inactive` (one each, first year only).
        public var skipped: [SchoolRecords.SkipReason: Int]
        /// Distinct divisions of the kept pupils; the STS-web file has exactly these.
        public var divisions: Int
        /// Distinct groups of the kept pupils; the STS-web file has exactly these.
        public var groups: Int
        /// Distinct people who are a kept pupil's legal guardian (contact persons are in the file but not counted).
        public var guardians: Int
        /// Legal guardian links of kept pupils (a guardian of two siblings counts twice).
        public var guardianships: Int
        /// STS-web individuals whose `FONCTION` is `ENS` (the `DIR` and `EDU` are not counted).
        public var teachers: Int
        /// Distinct (teacher, division or group, subject): 8 per division plus 1 per group.
        public var teachings: Int
        /// Subjects in `Nomenclature.xml` (and in STS-web's `MATIERES`).
        public var subjects: Int
    }

    /// Where a pupil of the file stands.
    enum Status: Sendable, Equatable {
        /// Enrolled: the reader keeps them.
        case enrolled
        /// Left during the year: written with a `DATE_SORTIE`.
        case left
        /// In the division `Inactifs`.
        case inactive
        /// Written without an `ID_NATIONAL`.
        case withoutNationalID
    }

    /// A pupil's link to a person of the guardians file.
    struct Link: Sendable, Equatable {
        /// The person's `PERSONNE_ID` number.
        var personID: Int
        /// `NIVEAU_RESPONSABILITE`, `nil` for the old format.
        var responsibility: Int?
        /// `RESP_LEGAL`: 1 or 2 for a legal guardian, 0 otherwise.
        var legal: Int
        /// `CODE_PARENTE`: 10 mother, 20 father, 37 other relative.
        var kinship: String

        /// Whether the reader keeps the link.
        var isLegal: Bool { responsibility.map { $0 == 1 } ?? (legal == 1 || legal == 2) }
    }

    /// A pupil of the pupils file.
    struct Pupil: Sendable {
        var id: Int
        var lastName: String
        var usageName: String?
        var firstName: String
        var isGirl: Bool
        var birthDate: LocalDate
        /// Index in ``Kind/levels``.
        var level: Int
        var status: Status
        var links: [Link]
    }

    /// A person of the guardians file.
    struct Person: Sendable {
        var id: Int
        var lastName: String
        var firstName: String
        var isWoman: Bool
        var email: String?
    }

    /// A member of staff in STS-web; teachers keep their names and birth dates from one year to the next.
    struct Staff: Sendable {
        var lastName: String
        var birthName: String
        var firstName: String
        var isWoman: Bool
        var birthDate: LocalDate
        /// `ENS`, `DIR`, `EDU`.
        var function: String
        /// Index in the subjects the school teaches (teachers only).
        var subject: Int
    }

    /// The school's UAI, written in every file's `UAJ`.
    public let uai: String
    /// The school year's first year (2025 for 2025–2026), written as `ANNEE_SCOLAIRE`.
    public let year: Int
    /// Collège or lycée.
    public let kind: Kind
    let seed: UInt64
    var pupils: [Pupil] = []
    var people: [Int: Person] = [:]
    var staff: [Staff] = []
    private var nextPupilID = 1_000_001
    private var nextPersonID = 2_000_001

    /// The first year of a school of `pupils` pupils (see the type's description for what they are like).
    public init(uai: String, year: Int, pupils count: Int, kind: Kind, seed: UInt64) {
        self.uai = uai
        self.year = year
        self.kind = kind
        self.seed = seed
        var random = SampleRandom(seed: seed)
        let levels = kind.levels.count
        for level in 0..<levels {
            let inLevel = count / levels + (level < count % levels ? 1 : 0)
            addPupils(inLevel, level: level, random: &random)
        }
        if let first = pupils.indices.first, !pupils[first].links.isEmpty {
            pupils[first].links[0].responsibility = nil
            pupils[first].links[0].legal = 1
        }
        addPupils(1, level: 0, random: &random)
        pupils[pupils.count - 1].status = .inactive
        pupils[pupils.count - 1].links = []
        addPupils(1, level: 0, random: &random)
        pupils[pupils.count - 1].status = .withoutNationalID
        pupils[pupils.count - 1].links = []
        let teacherCount = max(2, Int((Double(count) / 14).rounded()))
        let subjectCount = kind.divisionSubjects.count + 2
        for index in 0..<teacherCount {
            staff.append(Self.makeStaff(function: "ENS", subject: index % subjectCount, year: year, random: &random))
        }
        staff.append(Self.makeStaff(function: "DIR", subject: 0, year: year, random: &random))
        staff.append(Self.makeStaff(function: "EDU", subject: 0, year: year, random: &random))
    }

    /// The same school one year later.
    ///
    /// Every pupil moves up a level and the highest level (3e, Tle) leaves; the first year's pupils who had left, and
    /// its `Inactifs` and no-`ID_NATIONAL` records, are not carried over. Then `leavers` of the remaining pupils (drawn at
    /// random, at most all of them) leave: the first half (`leavers / 2`) are not in the new file at all, the others are
    /// with a `DATE_SORTIE` in October (and their guardians' links are not written). `newcomers` new pupils arrive in the
    /// lowest level, with new guardians. Divisions and groups are cut again from each level's pupils. Teachers keep their
    /// names, birth dates and subjects, but every STS-web `INDIVIDU` id changes (ids are made from the year).
    ///
    /// For ``SampleExports/college(uai:pupils:seed:)`` (600) and `nextYear(leavers: 150, newcomers: 150)`: the 150 3e go,
    /// 450 move up, 150 of them leave (75 gone, 75 with a `DATE_SORTIE`), 150 arrive in 6e: 450 pupils are kept.
    public func nextYear(leavers: Int, newcomers: Int) -> SampleSchool {
        var next = SampleSchool(copying: self, year: year + 1)
        var random = SampleRandom(seed: seed ^ (UInt64(year + 1) &* 0xD6E8_FEB8_6659_FD93))
        let top = kind.levels.count - 1
        next.pupils = pupils.filter { $0.status == .enrolled && $0.level < top }
        for index in next.pupils.indices { next.pupils[index].level += 1 }
        var order = Array(next.pupils.indices)
        order.shuffle(using: &random)
        let leaving = order.prefix(min(max(leavers, 0), order.count))
        let gone = Set(leaving.prefix(leaving.count / 2))
        for index in leaving.dropFirst(leaving.count / 2) { next.pupils[index].status = .left }
        next.pupils = next.pupils.enumerated().filter { !gone.contains($0.offset) }.map(\.element)
        next.addPupils(max(newcomers, 0), level: 0, random: &random)
        let linked = Set(next.pupils.flatMap { $0.links.map(\.personID) })
        next.people = next.people.filter { linked.contains($0.key) }
        return next
    }

    private init(copying school: SampleSchool, year: Int) {
        uai = school.uai
        self.year = year
        kind = school.kind
        seed = school.seed
        pupils = school.pupils
        people = school.people
        staff = school.staff
        nextPupilID = school.nextPupilID
        nextPersonID = school.nextPersonID
    }

    /// Adds `count` new pupils in `level`, with their guardians.
    private mutating func addPupils(_ count: Int, level: Int, random: inout SampleRandom) {
        let firstNew = pupils.count
        for _ in 0..<count {
            let isGirl = random.chance(50)
            var lastName = random.pick(SampleExports.lastNames)
            var links: [Link] = []
            if pupils.count > firstNew, random.chance(5) {
                // A sibling of a pupil who arrived with them: the same name and legal guardians.
                let elder = pupils[firstNew + random.below(pupils.count - firstNew)]
                lastName = elder.lastName
                links = elder.links.filter(\.isLegal)
            } else {
                let mother = addPerson(lastName: random.chance(85) ? lastName : random.pick(SampleExports.lastNames), isWoman: true, random: &random)
                links.append(Link(personID: mother, responsibility: 1, legal: 1, kinship: "10"))
                if !random.chance(15) {
                    let father = addPerson(lastName: lastName, isWoman: false, random: &random)
                    links.append(Link(personID: father, responsibility: 1, legal: 2, kinship: "20"))
                }
            }
            if random.chance(4) {
                let contact = addPerson(lastName: random.pick(SampleExports.lastNames), isWoman: random.chance(50), random: &random)
                links.append(Link(personID: contact, responsibility: 2, legal: 0, kinship: "37"))
            }
            let age = kind.entryAge + level
            let birthDate = LocalDate(year: year - age - (random.chance(8) ? 1 : 0), month: 1 + random.below(12), day: 1 + random.below(28))!
            let usageName = random.chance(3) ? lastName + "-" + random.pick(SampleExports.lastNames) : nil
            let names = isGirl ? SampleExports.femaleFirstNames : SampleExports.maleFirstNames
            pupils.append(
                Pupil(
                    id: nextPupilID, lastName: lastName, usageName: usageName, firstName: random.pick(names), isGirl: isGirl,
                    birthDate: birthDate, level: level, status: .enrolled, links: links))
            nextPupilID += 1
        }
    }

    /// Adds a person to the guardians file; answers their id.
    private mutating func addPerson(lastName: String, isWoman: Bool, random: inout SampleRandom) -> Int {
        let id = nextPersonID
        nextPersonID += 1
        let firstName = random.pick(isWoman ? SampleExports.femaleFirstNames : SampleExports.maleFirstNames)
        let draw = random.below(100)
        let email: String? =
            switch draw {
            case 0..<85: Self.asciiName(firstName) + "." + Self.asciiName(lastName) + "\(id % 1000)@example.fr"
            case 85..<95: nil
            default: "non communiqué"
            }
        people[id] = Person(id: id, lastName: lastName, firstName: firstName, isWoman: isWoman, email: email)
        return id
    }

    private static func makeStaff(function: String, subject: Int, year: Int, random: inout SampleRandom) -> Staff {
        let isWoman = random.chance(60)
        let birthName = random.pick(SampleExports.lastNames)
        let lastName = isWoman && random.chance(30) ? random.pick(SampleExports.lastNames) : birthName
        return Staff(
            lastName: lastName, birthName: birthName,
            firstName: random.pick(isWoman ? SampleExports.femaleFirstNames : SampleExports.maleFirstNames), isWoman: isWoman,
            birthDate: LocalDate(year: year - 25 - random.below(38), month: 1 + random.below(12), day: 1 + random.below(28))!,
            function: function, subject: subject)
    }

    /// `name` for an e-mail address: lowercase ASCII letters, spaces and apostrophes as `-`.
    static func asciiName(_ name: String) -> String {
        String(
            TextRules.folded(name).replacingOccurrences(of: "œ", with: "oe").compactMap { character -> Character? in
                if character.isASCII, character.isLetter { return character }
                return character == " " || character == "'" || character == "-" ? "-" : nil
            })
    }
}
