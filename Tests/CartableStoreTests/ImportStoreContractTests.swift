import CartableCore
import CartableImport
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// Importing a real-sized school from its generated SIECLE and STS-web exports, on SQLite and on PostgreSQL: the
/// preview's counts, the school after applying, a re-import that changes nothing, the next year, a file with an error.
@Suite struct ImportStoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
    static let at = TestClock.mondayMorning
    static let uai = "0759001K"

    /// A new empty school on the seeded world's database.
    static func newSchool(_ storage: Storage) async throws -> School {
        let school = School(id: .make(using: RandomIdentifierGenerator()), uai: uai, name: "Collège Simone Veil")
        var roster = Roster()
        roster.schools = [school]
        try await storage.schools.importRoster(roster, at: at)
        return school
    }

    static func files(_ sample: SampleSchool) throws -> [(url: URL, name: String)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-import-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try sample.write(to: folder).map { ($0, $0.lastPathComponent) }
    }

    /// Removes the folder `files` were written to.
    static func remove(_ files: [(url: URL, name: String)]) {
        if let folder = files.first?.url.deletingLastPathComponent() { try? FileManager.default.removeItem(at: folder) }
    }

    static func plan(_ files: [(url: URL, name: String)], _ school: School, _ storage: Storage) async throws -> ImportPlan {
        let read = try ImportFiles.read(files, expectedUAI: school.uai)
        #expect(read.scope == [.pupils, .guardians, .teachers])
        return ImportPlan.make(
            records: read.records, snapshot: try await storage.onboarding.snapshot(of: school.id), scope: read.scope, schoolID: school.id,
            identifiers: RandomIdentifierGenerator())
    }

    static func active(_ role: Role, _ snapshot: SchoolSnapshot) -> Int { snapshot.people.count { $0.role == role && !$0.isDisabled } }

    @Test(arguments: TestEngine.available)
    func aCollegeOf600ThenItsNextYear(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, world) async throws in
            let school = try await Self.newSchool(storage)
            let college = SampleExports.college(uai: Self.uai, pupils: 600, seed: 1)
            let expected = college.expected
            let files = try Self.files(college)
            defer { Self.remove(files) }
            let plan = try await Self.plan(files, school, storage)
            #expect(plan.canApply, "\(plan.problems.prefix(3))")
            let s = plan.summary
            #expect(s.pupilsAdded == expected.pupils)
            #expect(expected.pupils == 600)
            #expect(s.guardiansAdded == expected.guardians)
            #expect(s.teachersAdded == expected.teachers)
            #expect(s.classesAdded == expected.divisions)
            #expect(s.groupsAdded == expected.groups)
            #expect(s.linksAdded == expected.guardianships)
            #expect(s.teachingsAdded == expected.teachings)
            #expect(s.skippedInactive == 1 && s.skippedNoNationalID == 1)
            #expect(s.pupilsDeactivated == 0 && s.pupilsMoved == 0)

            let record = try await storage.onboarding.apply(plan, to: school.id, by: nil, files: files.map(\.name), at: Self.at)
            #expect(record.summary == s)
            let after = try await storage.onboarding.snapshot(of: school.id)
            #expect(Self.active(.pupil, after) == 600)
            #expect(Self.active(.guardian, after) == expected.guardians)
            #expect(Self.active(.teacher, after) == expected.teachers)
            #expect(after.enrolments.count == 1_200, "a division and an LV2 group each")
            #expect(after.guardianships.count == expected.guardianships)
            #expect(after.teachings.count == expected.teachings)
            // Logins are unique on the platform and follow prenom.nom; the world's Léa Martin keeps hers.
            #expect(Set(after.people.map(\.login)).count == after.people.count)
            #expect(after.people.allSatisfy { AccountRules.problem(withLogin: $0.login) == nil && $0.login.contains(".") })
            let history = try await storage.onboarding.imports(of: school.id, limit: 10)
            #expect(history.map(\.id) == [record.id])

            // The same files again: nothing to do.
            let again = try await Self.plan(files, school, storage)
            #expect(again.isEmpty, "\(again.summary)")

            // The next year: the 3e leave, 150 more leave, 150 arrive in 6e, teachers get new STS-web ids.
            let next = college.nextYear(leavers: 150, newcomers: 150)
            let nextFiles = try Self.files(next)
            defer { Self.remove(nextFiles) }
            let year = try await Self.plan(nextFiles, school, storage)
            #expect(year.canApply, "\(year.problems.prefix(3))")
            let y = year.summary
            #expect(next.expected.pupils == 450)
            #expect(y.pupilsAdded == 150)
            #expect(y.pupilsDeactivated == 300, "150 3e and 150 leavers")
            #expect(y.pupilsMoved == 300, "everyone who stays goes up a level")
            #expect(y.teachersAdded == 0 && y.teachersDeactivated == 0)
            #expect(y.teachersChanged == expected.teachers, "the new STS-web ids")
            #expect(y.skippedLeft == 75)
            try await storage.onboarding.apply(year, to: school.id, by: nil, files: nextFiles.map(\.name), at: Self.at.addingTimeInterval(86_400))
            let nextYear = try await storage.onboarding.snapshot(of: school.id)
            #expect(Self.active(.pupil, nextYear) == 450)
            #expect(nextYear.people.count { $0.role == .pupil } == 750, "never deleted: 300 disabled")
            #expect(Self.active(.teacher, nextYear) == expected.teachers)
            #expect(Self.active(.guardian, nextYear) == next.expected.guardians)
            let disabledPupils = Set(nextYear.people.filter { $0.role == .pupil && $0.isDisabled }.map(\.id))
            #expect(!nextYear.enrolments.contains { disabledPupils.contains($0.pupilID) })
            #expect(try await Self.plan(nextFiles, school, storage).isEmpty)
            // The world's school is untouched.
            let worldSchool = try await storage.onboarding.snapshot(of: world.school.id)
            #expect(worldSchool.people.count == 6)
        }
    }

    @Test(arguments: TestEngine.available)
    func aFileWithAnErrorAppliesNothing(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, _) async throws in
            let school = try await Self.newSchool(storage)
            let files = try Self.files(SampleExports.college(uai: Self.uai, pupils: 60, seed: 3))
            defer { Self.remove(files) }
            let pupils = try #require(files.first { $0.name.hasPrefix("Eleves") })
            let data = try Data(contentsOf: pupils.url)
            var text = String(decoding: data, as: UTF8.self)  // the ISO-8859-15 bytes of dates are ASCII
            let range = try #require(text.range(of: "<DATE_NAISS>"))
            text.replaceSubrange(range.upperBound..<text.index(range.upperBound, offsetBy: 10), with: "31/02/20xx")
            try Data(text.utf8).write(to: pupils.url)
            let plan = try await Self.plan(files, school, storage)
            #expect(!plan.canApply)
            #expect(plan.problems.contains { $0.source == .sieclePupils })
            await #expect(throws: StoreError.self) {
                try await storage.onboarding.apply(plan, to: school.id, by: nil, files: [], at: Self.at)
            }
            let after = try await storage.onboarding.snapshot(of: school.id)
            #expect(after.people.isEmpty && after.classes.isEmpty)
            #expect(try await storage.onboarding.imports(of: school.id, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func loginsAreNumberedOnCollisionAcrossThePlatform(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, world) async throws in
            let school = try await Self.newSchool(storage)
            var records = SchoolRecords()
            records.structures = [.init(code: "6A", kind: .division)]
            records.pupils = (1...3).map { SchoolRecords.Pupil(externalID: "E\($0)", lastName: "MARTIN", firstName: "Léa", division: "6A", line: $0) }
            let plan = ImportPlan.make(
                records: records, snapshot: try await storage.onboarding.snapshot(of: school.id), scope: .pupils, schoolID: school.id,
                identifiers: RandomIdentifierGenerator())
            try await storage.onboarding.apply(plan, to: school.id, by: nil, files: ["eleves.csv"], at: Self.at)
            let logins = try await storage.onboarding.snapshot(of: school.id).people.map(\.login).sorted()
            // The world's school already has lea.martin.
            #expect(world.pupil.login == "lea.martin")
            #expect(logins == ["lea.martin2", "lea.martin3", "lea.martin4"])
        }
    }

    @Test(arguments: TestEngine.available)
    func anActivationCodeWorksOnceAndNotAfterItExpires(engine: TestEngine) async throws {
        try await Self.world.withSeededStorage(engine) { (storage, _) async throws in
            let school = try await Self.newSchool(storage)
            var records = SchoolRecords()
            records.structures = [.init(code: "6A", kind: .division)]
            records.pupils = [
                SchoolRecords.Pupil(externalID: "E1", lastName: "Roux", firstName: "Zoé", division: "6A", line: 1),
                SchoolRecords.Pupil(externalID: "E2", lastName: "Roux", firstName: "Léon", division: "6A", line: 2),
            ]
            let plan = ImportPlan.make(
                records: records, snapshot: try await storage.onboarding.snapshot(of: school.id), scope: .pupils, schoolID: school.id,
                identifiers: RandomIdentifierGenerator())
            try await storage.onboarding.apply(plan, to: school.id, by: nil, files: [], at: Self.at)
            let pending = try await storage.onboarding.notActivated(in: school.id, role: .pupil, ofClass: nil)
            #expect(pending.count == 2)
            let zoe = try #require(pending.first { $0.firstName == "Zoé" })
            let leon = try #require(pending.first { $0.firstName == "Léon" })
            // An imported account has no password: signing in cannot work.
            #expect(try await storage.identity.credentials(forLogin: zoe.login)?.passwordHash == "")
            try await storage.onboarding.issueActivationCodes(
                [(zoe.id, "hash-zoe"), (leon.id, "hash-leon")], in: school.id, by: nil, at: Self.at, expiresAt: Self.at.addingTimeInterval(3_600))
            #expect(try await storage.onboarding.pendingActivation(forLogin: zoe.login)?.codeHash == "hash-zoe")
            #expect(try await !storage.onboarding.activate(zoe.id, codeHash: "wrong", passwordHash: "$2b$x", at: Self.at))
            #expect(try await storage.onboarding.activate(zoe.id, codeHash: "hash-zoe", passwordHash: "$2b$x", at: Self.at))
            #expect(try await !storage.onboarding.activate(zoe.id, codeHash: "hash-zoe", passwordHash: "$2b$y", at: Self.at), "works once")
            #expect(try await storage.identity.credentials(forLogin: zoe.login)?.passwordHash == "$2b$x")
            #expect(try await storage.onboarding.pendingActivation(forLogin: zoe.login) == nil)
            // Léon's code has expired an hour later: refused, and his account still waits.
            #expect(try await !storage.onboarding.activate(leon.id, codeHash: "hash-leon", passwordHash: "$2b$x", at: Self.at.addingTimeInterval(3_601)))
            #expect(try await storage.onboarding.notActivated(in: school.id, role: nil, ofClass: nil).map(\.id) == [leon.id])
            // Reissuing replaces the old code.
            try await storage.onboarding.issueActivationCodes([(leon.id, "hash-leon-2")], in: school.id, by: nil, at: Self.at, expiresAt: Self.at.addingTimeInterval(7_200))
            #expect(try await !storage.onboarding.activate(leon.id, codeHash: "hash-leon", passwordHash: "$2b$x", at: Self.at))
            #expect(try await storage.onboarding.activate(leon.id, codeHash: "hash-leon-2", passwordHash: "$2b$x", at: Self.at))
        }
    }
}
