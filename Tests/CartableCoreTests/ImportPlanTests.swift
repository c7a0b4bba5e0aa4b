import CartableCore
import Foundation
import Testing

/// The import plan: what the files say against what the school has, pure.
@Suite struct ImportPlanTests {
    static let school = School.ID(rawValue: "00000000-0000-4000-8000-000000000001")
    static let ids = RandomIdentifierGenerator()

    static func pupil(_ id: String, _ first: String, _ last: String, _ division: String, groups: [String] = []) -> SchoolRecords.Pupil {
        SchoolRecords.Pupil(
            externalID: id, nationalID: "INE\(id)", lastName: last, firstName: first, birthDate: LocalDate(year: 2013, month: 3, day: 4),
            division: division, groups: groups, line: 1)
    }

    static func records(_ pupils: [SchoolRecords.Pupil]) -> SchoolRecords {
        var records = SchoolRecords()
        records.pupils = pupils
        var codes: [String: SchoolClass.Kind] = [:]
        for pupil in pupils {
            if let division = pupil.division { codes[division] = .division }
            for group in pupil.groups { codes[group] = .group }
        }
        records.structures = codes.sorted { $0.key < $1.key }.map { SchoolRecords.Structure(code: $0.key, kind: $0.value) }
        return records
    }

    /// The snapshot a plan leaves once applied (what the store would hold), to plan again against it.
    static func applied(_ plan: ImportPlan, to snapshot: SchoolSnapshot) -> SchoolSnapshot {
        var next = snapshot
        next.classes += plan.classesToAdd.map { SchoolSnapshot.Structure(schoolClass: $0.schoolClass, code: $0.code, isClosed: false) }
        for closed in plan.classesToClose {
            if let index = next.classes.firstIndex(where: { $0.schoolClass.id == closed.schoolClass.id }) { next.classes[index].isClosed = true }
        }
        for change in plan.peopleToChange {
            if let index = next.people.firstIndex(where: { $0.id == change.after.id }) { next.people[index] = change.after }
        }
        for gone in plan.peopleToDeactivate {
            if let index = next.people.firstIndex(where: { $0.id == gone.id }) { next.people[index].isDisabled = true }
        }
        next.people += plan.peopleToAdd.map {
            SchoolSnapshot.Person(
                id: $0.id, role: $0.role, externalID: $0.externalID, firstName: $0.firstName, lastName: $0.lastName, birthDate: $0.birthDate,
                login: $0.loginBase, isDisabled: false)
        }
        next.enrolments = next.enrolments.filter { !plan.enrolmentsToRemove.contains($0) } + plan.enrolmentsToAdd
        next.guardianships = next.guardianships.filter { !plan.linksToRemove.contains($0) } + plan.linksToAdd
        next.teachings = next.teachings.filter { !plan.teachingsToEnd.contains($0) } + plan.teachingsToAdd
        return next
    }

    static let empty = SchoolSnapshot(people: [], classes: [], enrolments: [], guardianships: [], teachings: [])

    @Test func aFirstImportAddsEveryoneAndTheSameFilesAgainChangeNothing() {
        let records = Self.records([
            Self.pupil("1", "Léa", "Martin", "4B", groups: ["4ESP"]), Self.pupil("2", "Noé", "Durand", "4B"), Self.pupil("3", "Inès", "Petit", "3A"),
        ])
        let plan = ImportPlan.make(records: records, snapshot: Self.empty, scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        #expect(plan.canApply)
        #expect(plan.peopleToAdd.count == 3)
        #expect(plan.classesToAdd.map(\.code).sorted() == ["3A", "4B", "4ESP"])
        #expect(plan.classesToAdd.first { $0.code == "4ESP" }?.schoolClass.kind == .group)
        #expect(plan.classesToAdd.first { $0.code == "3A" }?.schoolClass.level == "3e")
        #expect(plan.enrolmentsToAdd.count == 4)
        #expect(plan.peopleToAdd.first { $0.externalID == "1" }?.loginBase == "lea.martin")
        let again = ImportPlan.make(
            records: records, snapshot: Self.applied(plan, to: Self.empty), scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        #expect(again.isEmpty, "\(again.summary)")
    }

    @Test func aNewYearMovesPupilsDeactivatesLeaversAndClosesOldClasses() {
        let first = Self.records([Self.pupil("1", "Léa", "Martin", "4B"), Self.pupil("2", "Noé", "Durand", "4B"), Self.pupil("3", "Inès", "Petit", "3A")])
        let plan = ImportPlan.make(records: first, snapshot: Self.empty, scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        let before = Self.applied(plan, to: Self.empty)
        // Inès (3e) left; Léa and Noé go up to 3e; Zoé arrives.
        let next = Self.records([Self.pupil("1", "Léa", "Martin", "3A"), Self.pupil("2", "Noé", "Durand", "3C"), Self.pupil("4", "Zoé", "Roux", "6A")])
        let year = ImportPlan.make(records: next, snapshot: before, scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        #expect(year.moves.map(\.pupil.firstName).sorted() == ["Léa", "Noé"])
        #expect(year.moves.first { $0.pupil.firstName == "Léa" }?.from == "4B")
        #expect(year.peopleToDeactivate.map(\.firstName) == ["Inès"])
        #expect(year.peopleToAdd.map(\.firstName) == ["Zoé"])
        #expect(year.classesToClose.map(\.schoolClass.name) == ["4B"])
        #expect(Set(year.classesToAdd.map(\.code)) == ["3C", "6A"])
        // Inès's enrolment goes with her; the 4B ones move.
        #expect(year.enrolmentsToRemove.count == 3)
        // A pupil who comes back the year after is enabled again, not made twice.
        let after = Self.applied(year, to: before)
        let back = Self.records([
            Self.pupil("1", "Léa", "Martin", "3A"), Self.pupil("2", "Noé", "Durand", "3C"), Self.pupil("4", "Zoé", "Roux", "6A"),
            Self.pupil("3", "Inès", "Petit", "3A"),
        ])
        let returning = ImportPlan.make(records: back, snapshot: after, scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        #expect(returning.peopleToAdd.isEmpty)
        #expect(returning.peopleToChange.map(\.isComingBack) == [true])
    }

    @Test func guardiansFollowTheirLinksAndTeachersAreFoundByNameAndBirthDate() {
        var records = Self.records([Self.pupil("1", "Léa", "Martin", "4B"), Self.pupil("2", "Noé", "Martin", "5A")])
        records.guardians = [SchoolRecords.Guardian(externalID: "P1", lastName: "Martin", firstName: "Claire", line: 1)]
        records.guardianships = [.init(pupilExternalID: "1", guardianExternalID: "P1"), .init(pupilExternalID: "2", guardianExternalID: "P1"),
            .init(pupilExternalID: "gone", guardianExternalID: "P1")]
        let born = LocalDate(year: 1980, month: 5, day: 6)
        records.teachers = [SchoolRecords.Teacher(externalID: "T100", lastName: "Bernard", firstName: "Marc", birthDate: born, line: 1)]
        records.teachings = [.init(teacherExternalID: "T100", structure: "4B", subject: "Mathématiques")]
        let plan = ImportPlan.make(
            records: records, snapshot: Self.empty, scope: [.pupils, .guardians, .teachers], schoolID: Self.school, identifiers: Self.ids)
        // One guardian for both children: one account.
        #expect(plan.peopleToAdd.count { $0.role == .guardian } == 1)
        #expect(plan.linksToAdd.count == 2)
        #expect(plan.teachingsToAdd.count == 1)
        let before = Self.applied(plan, to: Self.empty)
        // Next year STS-web gives Marc another id: he is the same teacher.
        var next = records
        next.teachers = [SchoolRecords.Teacher(externalID: "T999", lastName: "BERNARD", firstName: "Marc", birthDate: born, line: 1)]
        next.teachings = [.init(teacherExternalID: "T999", structure: "4B", subject: "Mathématiques")]
        let year = ImportPlan.make(records: next, snapshot: before, scope: [.pupils, .guardians, .teachers], schoolID: Self.school, identifiers: Self.ids)
        #expect(year.peopleToAdd.isEmpty)
        #expect(year.peopleToChange.map(\.after.externalID) == ["T999"])
        #expect(year.teachingsToAdd.isEmpty && year.teachingsToEnd.isEmpty)
        // Without a birth date it is only a guess, for staff to confirm.
        next.teachers[0].birthDate = LocalDate(year: 1981, month: 1, day: 1)
        let unsure = ImportPlan.make(records: next, snapshot: before, scope: [.teachers], schoolID: Self.school, identifiers: Self.ids)
        #expect(unsure.uncertainMatches.count == 1)
        #expect(unsure.peopleToAdd.count == 1, "unconfirmed: a new account")
        let sure = ImportPlan.make(records: next, snapshot: before, scope: [.teachers], schoolID: Self.school, confirmed: ["T999"], identifiers: Self.ids)
        #expect(sure.peopleToAdd.isEmpty)
        #expect(sure.uncertainMatches.first?.isConfirmed == true)
    }

    @Test func problemsOfTheFilesAndBadNamesStopTheImport() {
        var records = Self.records([Self.pupil("1", "", "Martin", "4B"), Self.pupil("2", String(repeating: "x", count: 90), "Durand", "4B")])
        records.problems = [.init(source: .sieclePupils, line: 3, kind: .badDate("31/02/2013"))]
        let plan = ImportPlan.make(records: records, snapshot: Self.empty, scope: .pupils, schoolID: Self.school, identifiers: Self.ids)
        #expect(!plan.canApply)
        #expect(plan.problems.count == 3)
        #expect(plan.problems.contains { $0.kind == .missingField("PRENOM") })
    }

    @Test func loginBasesHaveNoAccentsSpacesOrApostrophes() {
        #expect(AccountRules.loginBase(firstName: "Jean-Noël", lastName: "Le Gall") == "jean-noel.legall")
        #expect(AccountRules.loginBase(firstName: "Maëlys", lastName: "D'Almeida") == "maelys.dalmeida")
        #expect(AccountRules.loginBase(firstName: "Éloïse", lastName: "ÇELIK") == "eloise.celik")
        #expect(AccountRules.problem(withLogin: AccountRules.loginBase(firstName: "A", lastName: "")) == nil)
    }

    @Test func activationCodesAvoidLookAlikesAndReadWhatPeopleType() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = ActivationCode.make(using: &generator)
            #expect(code.count == 8)
            #expect(code.allSatisfy { !"ilouq012".contains($0) })
            #expect(ActivationCode.normalized(ActivationCode.printed(code).uppercased()) == code)
        }
        #expect(ActivationCode.normalized("abcd-efg") == nil)
        #expect(ActivationCode.normalized("abcd-efgi") == nil, "i is not in the alphabet")
    }

    @Test func weakPasswordsAndAnUnacceptedCharterAreRefused() {
        #expect(throws: ValidationError.self) { try ActivationInput(acceptsCharter: true, password: "azerty123", confirmation: "azerty123").validated() }
        #expect(throws: ValidationError.self) { try ActivationInput(acceptsCharter: true, password: "motdepasse", confirmation: "motdepasse").validated() }
        #expect(throws: ValidationError.self) { try ActivationInput(acceptsCharter: false, password: "Vélo-rouge-42", confirmation: "Vélo-rouge-42").validated() }
        #expect(throws: ValidationError.self) { try ActivationInput(acceptsCharter: true, password: "Vélo-rouge-42", confirmation: "Vélo-rouge-43").validated() }
        #expect(throws: ValidationError.self) { try ActivationInput(acceptsCharter: true, password: "11111111", confirmation: "11111111").validated() }
        #expect(throws: Never.self) { try ActivationInput(acceptsCharter: true, password: "Vélo-rouge-42", confirmation: "Vélo-rouge-42").validated() }
    }
}
