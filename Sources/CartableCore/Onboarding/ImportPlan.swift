import Foundation

/// What Cartable already knows of a school's people and classes, to compare an import with.
public struct SchoolSnapshot: Sendable {
    /// A person of the school (disabled ones included: a pupil who comes back is enabled again).
    public struct Person: Sendable, Equatable {
        /// The account.
        public var id: User.ID
        /// Their role.
        public var role: Role
        /// The key the school's exports give them, when imported.
        public var externalID: String?
        /// First name.
        public var firstName: String
        /// Last name.
        public var lastName: String
        /// Birth date, when known.
        public var birthDate: LocalDate?
        /// Sign-in name.
        public var login: String
        /// Disabled (left, or by staff).
        public var isDisabled: Bool

        /// Creates a person.
        public init(
            id: User.ID, role: Role, externalID: String?, firstName: String, lastName: String, birthDate: LocalDate?, login: String,
            isDisabled: Bool
        ) {
            self.id = id
            self.role = role
            self.externalID = externalID
            self.firstName = firstName
            self.lastName = lastName
            self.birthDate = birthDate
            self.login = login
            self.isDisabled = isDisabled
        }

        /// "Prénom Nom".
        public var displayName: String { "\(firstName) \(lastName)" }
    }

    /// A class or group, with its code when it came from an import.
    public struct Structure: Sendable, Equatable {
        /// The class.
        public var schoolClass: SchoolClass
        /// Its code in the school's exports.
        public var code: String?
        /// Whether staff or an import closed it.
        public var isClosed: Bool

        /// Creates a structure.
        public init(schoolClass: SchoolClass, code: String?, isClosed: Bool) {
            self.schoolClass = schoolClass
            self.code = code
            self.isClosed = isClosed
        }
    }

    /// Everyone.
    public var people: [Person]
    /// Every class and group.
    public var classes: [Structure]
    /// (class, pupil) pairs.
    public var enrolments: [Enrolment]
    /// (guardian, pupil) pairs.
    public var guardianships: [Link]
    /// Teachings.
    public var teachings: [Teaching]

    /// Creates a snapshot.
    public init(people: [Person], classes: [Structure], enrolments: [Enrolment], guardianships: [Link], teachings: [Teaching]) {
        self.people = people
        self.classes = classes
        self.enrolments = enrolments
        self.guardianships = guardianships
        self.teachings = teachings
    }

    /// A pupil in a class or group.
    public struct Enrolment: Sendable, Hashable {
        /// The class.
        public var classID: SchoolClass.ID
        /// The pupil.
        public var pupilID: User.ID

        /// Creates an enrolment.
        public init(classID: SchoolClass.ID, pupilID: User.ID) {
            self.classID = classID
            self.pupilID = pupilID
        }
    }

    /// A guardian's link to a pupil.
    public struct Link: Sendable, Hashable {
        /// The guardian.
        public var guardianID: User.ID
        /// The pupil.
        public var pupilID: User.ID

        /// Creates a link.
        public init(guardianID: User.ID, pupilID: User.ID) {
            self.guardianID = guardianID
            self.pupilID = pupilID
        }
    }
}

/// Which kinds of people an import speaks for: only those are added, changed or deactivated.
public struct ImportScope: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A pupils file (SIECLE or CSV): pupils, their classes and groups.
    public static let pupils = ImportScope(rawValue: 1)
    /// A guardians file: guardians and their links.
    public static let guardians = ImportScope(rawValue: 2)
    /// A teachers file (STS-web or CSV): teachers and teachings.
    public static let teachers = ImportScope(rawValue: 4)
}

/// The changes an import would make, computed from the files' ``SchoolRecords`` and the school's ``SchoolSnapshot``.
///
/// Pure: the preview shows it, and the store applies it in one transaction. Keys are the exports' ids, so the same
/// files planned twice give an empty plan the second time.
public struct ImportPlan: Sendable {
    /// A new account (no password: it is activated with a code).
    public struct NewPerson: Sendable, Equatable {
        /// Its identifier, drawn now.
        public var id: User.ID
        /// Role.
        public var role: Role
        /// The exports' key.
        public var externalID: String
        /// First name.
        public var firstName: String
        /// Last name.
        public var lastName: String
        /// Birth date.
        public var birthDate: LocalDate?
        /// The login before a number is added on collision (`prenom.nom`).
        public var loginBase: String
        /// For a division's pupil: the division's name, for the preview.
        public var className: String?

        /// "Prénom Nom".
        public var displayName: String { "\(firstName) \(lastName)" }
    }

    /// A known person whose record changes.
    public struct PersonChange: Sendable, Equatable {
        /// As they are now.
        public var before: SchoolSnapshot.Person
        /// As the files say.
        public var after: SchoolSnapshot.Person
        /// Whether the account is enabled again (a pupil who comes back).
        public var isComingBack: Bool { before.isDisabled && !after.isDisabled }
    }

    /// A pupil whose division changes.
    public struct Move: Sendable, Equatable {
        /// The pupil.
        public var pupil: SchoolSnapshot.Person
        /// Their division now, if any.
        public var from: String?
        /// Their division after the import.
        public var to: String
    }

    /// A teacher of the files who looks like a known one, but not for sure (a birth date missing or different).
    public struct UncertainMatch: Sendable, Equatable {
        /// The file's teacher.
        public var record: SchoolRecords.Teacher
        /// The known teacher they may be.
        public var known: SchoolSnapshot.Person
        /// Whether staff confirmed they are the same person (then they are matched; else a new account is made).
        public var isConfirmed: Bool
    }

    /// A new class or group.
    public struct NewClass: Sendable, Equatable {
        /// The class.
        public var schoolClass: SchoolClass
        /// Its code.
        public var code: String
    }

    /// The school year the files are for.
    public var schoolYear: String?
    /// Classes and groups to create.
    public var classesToAdd: [NewClass] = []
    /// Classes and groups to close (coded, no longer in the files).
    public var classesToClose: [SchoolSnapshot.Structure] = []
    /// Closed classes and groups that are in the files again.
    public var classesToReopen: [SchoolSnapshot.Structure] = []
    /// Accounts to create.
    public var peopleToAdd: [NewPerson] = []
    /// Accounts whose names, birth date or key change, or that come back.
    public var peopleToChange: [PersonChange] = []
    /// Accounts to disable: people who left (never deleted).
    public var peopleToDeactivate: [SchoolSnapshot.Person] = []
    /// Pupils changing division (also in ``enrolmentsToAdd``/``enrolmentsToRemove``).
    public var moves: [Move] = []
    /// Enrolments to add.
    public var enrolmentsToAdd: [SchoolSnapshot.Enrolment] = []
    /// Enrolments to remove.
    public var enrolmentsToRemove: [SchoolSnapshot.Enrolment] = []
    /// Guardians' links to add.
    public var linksToAdd: [SchoolSnapshot.Link] = []
    /// Guardians' links to remove.
    public var linksToRemove: [SchoolSnapshot.Link] = []
    /// Teachings to add.
    public var teachingsToAdd: [Teaching] = []
    /// Teachings that end.
    public var teachingsToEnd: [Teaching] = []
    /// Teachers staff should confirm.
    public var uncertainMatches: [UncertainMatch] = []
    /// Pupils of the files left out, by reason.
    public var skipped: [SchoolRecords.SkipReason: Int] = [:]
    /// Problems: when there is one, nothing may be applied.
    public var problems: [SchoolRecords.LineProblem] = []

    /// Whether applying it would change nothing.
    public var isEmpty: Bool {
        classesToAdd.isEmpty && classesToClose.isEmpty && classesToReopen.isEmpty && peopleToAdd.isEmpty && peopleToChange.isEmpty
            && peopleToDeactivate.isEmpty && enrolmentsToAdd.isEmpty && enrolmentsToRemove.isEmpty && linksToAdd.isEmpty
            && linksToRemove.isEmpty && teachingsToAdd.isEmpty && teachingsToEnd.isEmpty
    }

    /// Whether it may be applied: no problem.
    public var canApply: Bool { problems.isEmpty }

    /// The plan's figures, kept with the import's history.
    public var summary: ImportSummary {
        func count(_ role: Role, in people: [SchoolSnapshot.Person]) -> Int { people.count { $0.role == role } }
        let changed = peopleToChange.map(\.after)
        return ImportSummary(
            pupilsAdded: peopleToAdd.count { $0.role == .pupil }, pupilsChanged: count(.pupil, in: changed), pupilsMoved: moves.count,
            pupilsDeactivated: count(.pupil, in: peopleToDeactivate), guardiansAdded: peopleToAdd.count { $0.role == .guardian },
            guardiansChanged: count(.guardian, in: changed), guardiansDeactivated: count(.guardian, in: peopleToDeactivate),
            teachersAdded: peopleToAdd.count { $0.role == .teacher }, teachersChanged: count(.teacher, in: changed),
            teachersDeactivated: count(.teacher, in: peopleToDeactivate),
            classesAdded: classesToAdd.count { $0.schoolClass.kind == .division },
            groupsAdded: classesToAdd.count { $0.schoolClass.kind == .group }, classesClosed: classesToClose.count,
            classesReopened: classesToReopen.count, enrolmentsAdded: enrolmentsToAdd.count, enrolmentsRemoved: enrolmentsToRemove.count,
            linksAdded: linksToAdd.count, linksRemoved: linksToRemove.count, teachingsAdded: teachingsToAdd.count,
            teachingsEnded: teachingsToEnd.count, uncertainMatches: uncertainMatches.count { !$0.isConfirmed },
            skippedLeft: skipped[.left] ?? 0, skippedNoNationalID: skipped[.noNationalID] ?? 0, skippedInactive: skipped[.inactive] ?? 0,
            problems: problems.count)
    }
}

/// An import's figures, shown in the preview and kept in the history.
public struct ImportSummary: Sendable, Codable, Equatable {
    public var pupilsAdded = 0, pupilsChanged = 0, pupilsMoved = 0, pupilsDeactivated = 0
    public var guardiansAdded = 0, guardiansChanged = 0, guardiansDeactivated = 0
    public var teachersAdded = 0, teachersChanged = 0, teachersDeactivated = 0
    public var classesAdded = 0, groupsAdded = 0, classesClosed = 0, classesReopened = 0
    public var enrolmentsAdded = 0, enrolmentsRemoved = 0, linksAdded = 0, linksRemoved = 0
    public var teachingsAdded = 0, teachingsEnded = 0, uncertainMatches = 0
    public var skippedLeft = 0, skippedNoNationalID = 0, skippedInactive = 0, problems = 0

    /// No figures.
    public init() {}

    /// Every figure.
    public init(
        pupilsAdded: Int, pupilsChanged: Int, pupilsMoved: Int, pupilsDeactivated: Int, guardiansAdded: Int, guardiansChanged: Int,
        guardiansDeactivated: Int, teachersAdded: Int, teachersChanged: Int, teachersDeactivated: Int, classesAdded: Int,
        groupsAdded: Int, classesClosed: Int, classesReopened: Int, enrolmentsAdded: Int, enrolmentsRemoved: Int, linksAdded: Int,
        linksRemoved: Int, teachingsAdded: Int, teachingsEnded: Int, uncertainMatches: Int, skippedLeft: Int, skippedNoNationalID: Int,
        skippedInactive: Int, problems: Int
    ) {
        self.pupilsAdded = pupilsAdded
        self.pupilsChanged = pupilsChanged
        self.pupilsMoved = pupilsMoved
        self.pupilsDeactivated = pupilsDeactivated
        self.guardiansAdded = guardiansAdded
        self.guardiansChanged = guardiansChanged
        self.guardiansDeactivated = guardiansDeactivated
        self.teachersAdded = teachersAdded
        self.teachersChanged = teachersChanged
        self.teachersDeactivated = teachersDeactivated
        self.classesAdded = classesAdded
        self.groupsAdded = groupsAdded
        self.classesClosed = classesClosed
        self.classesReopened = classesReopened
        self.enrolmentsAdded = enrolmentsAdded
        self.enrolmentsRemoved = enrolmentsRemoved
        self.linksAdded = linksAdded
        self.linksRemoved = linksRemoved
        self.teachingsAdded = teachingsAdded
        self.teachingsEnded = teachingsEnded
        self.uncertainMatches = uncertainMatches
        self.skippedLeft = skippedLeft
        self.skippedNoNationalID = skippedNoNationalID
        self.skippedInactive = skippedInactive
        self.problems = problems
    }
}

extension ImportPlan {
    /// Compares what the files say with what the school has.
    ///
    /// - Parameters:
    ///   - scope: which kinds of people the files speak for (a school may import its pupils without its teachers).
    ///   - confirmed: the `externalID`s of the files' teachers staff confirmed as the known teacher proposed.
    public static func make(
        records: SchoolRecords, snapshot: SchoolSnapshot, scope: ImportScope, schoolID: School.ID, confirmed: Set<String> = [],
        identifiers: some IdentifierGenerator
    ) -> ImportPlan {
        var plan = ImportPlan()
        plan.schoolYear = records.schoolYear
        plan.skipped = records.skipped
        plan.problems = records.problems
        plan.checkNames(records)

        // Classes and groups: matched by code, else by a name equal to the code (a class made by hand before the first import).
        var classByCode: [String: SchoolSnapshot.Structure] = [:]
        for structure in snapshot.classes {
            if let code = structure.code { classByCode[code] = structure }
        }
        for structure in snapshot.classes where structure.code == nil && classByCode[structure.schoolClass.name] == nil {
            classByCode[structure.schoolClass.name] = structure
        }
        var classID: [String: SchoolClass.ID] = [:]
        var seenCodes: Set<String> = []
        for structure in records.structures where seenCodes.insert(structure.code).inserted {
            if let known = classByCode[structure.code] {
                classID[structure.code] = known.schoolClass.id
                if known.isClosed { plan.classesToReopen.append(known) }
            } else {
                let level =
                    structure.kind == .division
                    ? Self.level(ofDivision: structure.code) : Self.level(ofDivision: structure.divisions.first ?? structure.code)
                let name = structure.kind == .group ? TextRules.clean(structure.label ?? structure.code) : structure.code
                let created = SchoolClass(
                    id: .make(using: identifiers), schoolID: schoolID, name: name.isEmpty ? structure.code : name, kind: structure.kind,
                    level: level)
                plan.classesToAdd.append(NewClass(schoolClass: created, code: structure.code))
                classID[structure.code] = created.id
            }
        }
        let codedClasses = Set(snapshot.classes.filter { $0.code != nil }.map(\.schoolClass.id))
        if scope.contains(.pupils) {
            plan.classesToClose = snapshot.classes.filter { structure in
                guard let code = structure.code, !structure.isClosed else { return false }
                return !seenCodes.contains(code)
            }
        }
        let className = Dictionary(
            snapshot.classes.map { ($0.schoolClass.id, $0.schoolClass.name) } + plan.classesToAdd.map { ($0.schoolClass.id, $0.schoolClass.name) },
            uniquingKeysWith: { first, _ in first })

        // People, by role then key.
        var known: [Role: [String: SchoolSnapshot.Person]] = [:]
        for person in snapshot.people {
            if let key = person.externalID { known[person.role, default: [:]][key] = person }
        }
        var pupilID: [String: User.ID] = [:]
        var matchedPeople: Set<User.ID> = []

        func adopt(_ person: SchoolSnapshot.Person, first: String, last: String, birth: LocalDate?, key: String) {
            var after = person
            after.firstName = first
            after.lastName = last
            after.birthDate = birth ?? person.birthDate
            after.externalID = key
            after.isDisabled = false
            matchedPeople.insert(person.id)
            if after != person { plan.peopleToChange.append(PersonChange(before: person, after: after)) }
        }

        func add(_ role: Role, key: String, first: String, last: String, birth: LocalDate?, className: String? = nil) -> User.ID {
            let person = NewPerson(
                id: .make(using: identifiers), role: role, externalID: key, firstName: first, lastName: last, birthDate: birth,
                loginBase: AccountRules.loginBase(firstName: first, lastName: last), className: className)
            plan.peopleToAdd.append(person)
            return person.id
        }

        // Pupils and their classes.
        var enrolmentsBefore: [User.ID: Set<SchoolClass.ID>] = [:]
        for enrolment in snapshot.enrolments { enrolmentsBefore[enrolment.pupilID, default: []].insert(enrolment.classID) }
        let divisionIDs = Set(snapshot.classes.filter { $0.schoolClass.kind == .division }.map(\.schoolClass.id))
        for pupil in records.pupils {
            let id: User.ID
            if let person = known[.pupil]?[pupil.externalID] {
                id = person.id
                adopt(person, first: pupil.firstName, last: pupil.lastName, birth: pupil.birthDate, key: pupil.externalID)
            } else {
                id = add(
                    .pupil, key: pupil.externalID, first: pupil.firstName, last: pupil.lastName, birth: pupil.birthDate,
                    className: pupil.division)
            }
            pupilID[pupil.externalID] = id
            guard scope.contains(.pupils) else { continue }
            var wanted: Set<SchoolClass.ID> = []
            for code in [pupil.division].compactMap({ $0 }) + pupil.groups {
                if let classID = classID[code] { wanted.insert(classID) }
            }
            let before = enrolmentsBefore[id] ?? []
            // Only coded classes are the files' business: a group staff made by hand keeps its pupils.
            for classID in before.subtracting(wanted) where codedClasses.contains(classID) {
                plan.enrolmentsToRemove.append(.init(classID: classID, pupilID: id))
            }
            for classID in wanted.subtracting(before) { plan.enrolmentsToAdd.append(.init(classID: classID, pupilID: id)) }
            if let division = pupil.division, let newDivision = classID[division], !before.contains(newDivision),
                let person = known[.pupil]?[pupil.externalID]
            {
                let old = before.first { divisionIDs.contains($0) }.flatMap { className[$0] }
                plan.moves.append(Move(pupil: person, from: old, to: className[newDivision] ?? division))
            }
        }
        // Pupils by name, for guardians' CSVs that name the child.
        var pupilByName: [String: User.ID] = [:]
        if records.guardianships.contains(where: { $0.pupilByName != nil }) {
            let divisionOf = Dictionary(
                snapshot.enrolments.filter { divisionIDs.contains($0.classID) }.map { ($0.pupilID, $0.classID) },
                uniquingKeysWith: { first, _ in first })
            for person in snapshot.people where person.role == .pupil && !person.isDisabled {
                guard let division = divisionOf[person.id], let name = className[division] else { continue }
                pupilByName[Self.nameKey(person.lastName, person.firstName, name)] = person.id
            }
            for pupil in records.pupils {
                if let division = pupil.division, let id = pupilID[pupil.externalID] {
                    pupilByName[Self.nameKey(pupil.lastName, pupil.firstName, division)] = id
                }
            }
        }
        if !scope.contains(.pupils) {
            for (key, person) in known[.pupil] ?? [:] where !person.isDisabled { pupilID[key] = person.id }
        }
        if scope.contains(.pupils) {
            for person in (known[.pupil] ?? [:]).values where !person.isDisabled && !matchedPeople.contains(person.id) {
                plan.peopleToDeactivate.append(person)
                for classID in enrolmentsBefore[person.id] ?? [] {
                    plan.enrolmentsToRemove.append(.init(classID: classID, pupilID: person.id))
                }
            }
        }

        // Guardians and their links.
        if scope.contains(.guardians) {
            var guardianID: [String: User.ID] = [:]
            var wantedLinks: Set<SchoolSnapshot.Link> = []
            var linked: Set<String> = []
            var links: [(guardian: String, pupil: User.ID)] = []
            for link in records.guardianships {
                var pupil = pupilID[link.pupilExternalID]
                if pupil == nil, let named = link.pupilByName {
                    pupil = pupilByName[Self.nameKey(named.lastName, named.firstName, named.division)]
                    if pupil == nil {
                        plan.problems.append(
                            .init(
                                source: .csvGuardians, line: 0,
                                kind: .unknownReference("\(named.firstName) \(named.lastName) (\(named.division))")))
                    }
                }
                // A link to a pupil who left or was never kept is not an error: SIECLE lists every guardian.
                guard let pupil else { continue }
                links.append((link.guardianExternalID, pupil))
                linked.insert(link.guardianExternalID)
            }
            for guardian in records.guardians where linked.contains(guardian.externalID) && guardianID[guardian.externalID] == nil {
                if let person = known[.guardian]?[guardian.externalID] {
                    guardianID[guardian.externalID] = person.id
                    adopt(person, first: guardian.firstName, last: guardian.lastName, birth: nil, key: guardian.externalID)
                } else {
                    guardianID[guardian.externalID] = add(
                        .guardian, key: guardian.externalID, first: guardian.firstName, last: guardian.lastName, birth: nil)
                }
            }
            for link in links {
                if let guardian = guardianID[link.guardian] { wantedLinks.insert(.init(guardianID: guardian, pupilID: link.pupil)) }
            }
            let importedGuardians = Set((known[.guardian] ?? [:]).values.map(\.id))
            let before = Set(snapshot.guardianships)
            plan.linksToAdd = wantedLinks.subtracting(before).sorted { ($0.guardianID, $0.pupilID) < ($1.guardianID, $1.pupilID) }
            plan.linksToRemove = before.filter { importedGuardians.contains($0.guardianID) && !wantedLinks.contains($0) }
                .sorted { ($0.guardianID, $0.pupilID) < ($1.guardianID, $1.pupilID) }
            for person in (known[.guardian] ?? [:]).values where !person.isDisabled && !matchedPeople.contains(person.id) {
                plan.peopleToDeactivate.append(person)
            }
        }

        // Teachers: STS-web's ids change from one export to the next, so a known teacher is found by name and birth date.
        if scope.contains(.teachers) {
            let knownTeachers = snapshot.people.filter { $0.role == .teacher }
            var teacherID: [String: User.ID] = [:]
            for teacher in records.teachers where teacherID[teacher.externalID] == nil {
                let names = Self.nameKey(teacher.lastName, teacher.firstName, "")
                let sameName = knownTeachers.filter {
                    !matchedPeople.contains($0.id) && Self.nameKey($0.lastName, $0.firstName, "") == names
                }
                if let certain = sameName.first(where: { $0.birthDate != nil && $0.birthDate == teacher.birthDate })
                    ?? sameName.first(where: { $0.externalID == teacher.externalID && $0.birthDate == teacher.birthDate })
                {
                    teacherID[teacher.externalID] = certain.id
                    adopt(certain, first: teacher.firstName, last: teacher.lastName, birth: teacher.birthDate, key: teacher.externalID)
                } else if let maybe = sameName.first {
                    let isConfirmed = confirmed.contains(teacher.externalID)
                    plan.uncertainMatches.append(UncertainMatch(record: teacher, known: maybe, isConfirmed: isConfirmed))
                    if isConfirmed {
                        teacherID[teacher.externalID] = maybe.id
                        adopt(maybe, first: teacher.firstName, last: teacher.lastName, birth: teacher.birthDate, key: teacher.externalID)
                    } else {
                        teacherID[teacher.externalID] = add(
                            .teacher, key: teacher.externalID, first: teacher.firstName, last: teacher.lastName, birth: teacher.birthDate)
                    }
                } else {
                    teacherID[teacher.externalID] = add(
                        .teacher, key: teacher.externalID, first: teacher.firstName, last: teacher.lastName, birth: teacher.birthDate)
                }
            }
            var wanted: Set<Teaching> = []
            for teaching in records.teachings {
                guard let teacher = teacherID[teaching.teacherExternalID] else { continue }
                guard let classID = classID[teaching.structure] else {
                    plan.problems.append(.init(source: .sts, line: 0, kind: .unknownReference(teaching.structure)))
                    continue
                }
                wanted.insert(Teaching(teacherID: teacher, classID: classID, subject: String(TextRules.clean(teaching.subject).prefix(80))))
            }
            let importedTeachers = Set(knownTeachers.filter { $0.externalID != nil }.map(\.id)).union(teacherID.values)
            let before = Set(snapshot.teachings)
            plan.teachingsToAdd = wanted.subtracting(before).sorted { ($0.teacherID, $0.classID, $0.subject) < ($1.teacherID, $1.classID, $1.subject) }
            plan.teachingsToEnd = before.filter {
                importedTeachers.contains($0.teacherID) && codedClasses.union(classID.values).contains($0.classID) && !wanted.contains($0)
            }.sorted { ($0.teacherID, $0.classID, $0.subject) < ($1.teacherID, $1.classID, $1.subject) }
            for person in knownTeachers where person.externalID != nil && !person.isDisabled && !matchedPeople.contains(person.id) {
                plan.peopleToDeactivate.append(person)
            }
        }
        plan.peopleToDeactivate.sort { ($0.role.rawValue, $0.lastName, $0.firstName) < ($1.role.rawValue, $1.lastName, $1.firstName) }
        return plan
    }

    /// Names a person cannot have (empty, too long) are problems of their line.
    private mutating func checkNames(_ records: SchoolRecords) {
        func check(_ source: SchoolRecords.Source, _ line: Int, _ field: String, _ value: String) {
            if AccountRules.problem(withName: TextRules.clean(value)) != nil {
                problems.append(.init(source: source, line: line, kind: value.isEmpty ? .missingField(field) : .badValue(field: field, value: value)))
            }
        }
        for pupil in records.pupils {
            check(.sieclePupils, pupil.line, "NOM", pupil.lastName)
            check(.sieclePupils, pupil.line, "PRENOM", pupil.firstName)
        }
        for guardian in records.guardians {
            check(.siecleGuardians, guardian.line, "NOM", guardian.lastName)
            check(.siecleGuardians, guardian.line, "PRENOM", guardian.firstName)
        }
        for teacher in records.teachers {
            check(.sts, teacher.line, "NOM", teacher.lastName)
            check(.sts, teacher.line, "PRENOM", teacher.firstName)
        }
    }

    /// "6e", "2de", "Tle" from a division's code ("6A", "2GT3", "TS1").
    public static func level(ofDivision code: String) -> String {
        switch code.uppercased().first {
        case "6": "6e"
        case "5": "5e"
        case "4": "4e"
        case "3": "3e"
        case "2": "2de"
        case "1": "1re"
        case "T": "Tle"
        default: ""
        }
    }

    static func nameKey(_ last: String, _ first: String, _ division: String) -> String {
        [last, first, division].map { TextRules.folded(TextRules.clean($0)).filter { !$0.isWhitespace } }.joined(separator: "|")
    }
}

extension AccountRules {
    /// The sign-in name an imported person gets before a number is added on collision: `prenom.nom`, lower case,
    /// without accents, spaces or apostrophes ("Jean-Noël", "Le Gall" → `jean-noel.legall`).
    public static func loginBase(firstName: String, lastName: String) -> String {
        func part(_ text: String) -> String {
            let folded = TextRules.folded(TextRules.clean(text))
            let kept = folded.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        }
        let first = part(firstName)
        let last = part(lastName)
        var base = [first, last].filter { !$0.isEmpty }.joined(separator: ".")
        if base.count < loginLength.lowerBound { base += ".eleve" }
        return String(base.prefix(loginLength.upperBound - 4))
    }
}
