import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Logging
import Testing

/// The storage contract: the same expectations on SQLite and on PostgreSQL, each test on a fresh database.
@Suite struct StoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    // MARK: Migrations

    @Test(arguments: TestEngine.available)
    func migrationsApplyOnceAndInOrder(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let again = try await Migrator().migrate(database, logger: Logger(label: "test"))
            #expect(again.isEmpty)
            let versions = try await database.query("SELECT version FROM schema_migrations ORDER BY version").map { try $0.first(as: Int.self) }
            #expect(versions == Schema.migrations.map(\.version))
        }
    }

    @Test(arguments: TestEngine.available)
    func aFailedWriteLeavesNothingBehind(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await storage.database.write { connection in
                    try await connection.execute("UPDATE notebook_entries SET work = ''")
                    try await connection.execute("DELETE FROM documents")
                    throw Boom()
                }
            }
            let count = try await storage.database.query("SELECT count(*) FROM notebook_entries WHERE work <> ''").first?.first(as: Int.self)
            #expect(count == world.entries.count)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentWritesAreAllKept(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        var entry = world.entryA
                        entry.id = .make(using: RandomIdentifierGenerator())
                        entry.content.work = "Travail \(index)"
                        try await storage.notebook.createEntries([entry])
                    }
                }
                try await group.waitForAll()
            }
            let count = try await storage.database.query("SELECT count(*) FROM notebook_entries WHERE class_id = \(world.classA.id)")
                .first?.first(as: Int.self)
            #expect(count == 41)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentWritesThatFailRollBackAloneAndTheOthersAreKept(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            struct Boom: Error {}
            // 60 writes at once (on SQLite they are committed together): every third one fails after writing.
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<60 {
                    group.addTask {
                        do {
                            try await storage.database.write { connection in
                                try await connection.execute(
                                    "UPDATE notebook_entries SET work = \("Travail \(index)") WHERE id = \(world.entryA.id)")
                                try await connection.execute(
                                    "INSERT INTO content_versions (scope, school_id, version, changed_at) VALUES (\("test:\(index)"), \(world.school.id), 1, 0)"
                                )
                                if index % 3 == 0 { throw Boom() }
                            }
                            return (index, true)
                        } catch is Boom {
                            return (index, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 60)
            #expect(outcomes.allSatisfy { $0.value == ($0.key % 3 != 0) })
            let kept = try await storage.database.query("SELECT scope FROM content_versions WHERE scope LIKE 'test:%'")
                .map { try $0.decode("scope", as: String.self) }
            #expect(Set(kept) == Set((0..<60).filter { $0 % 3 != 0 }.map { "test:\($0)" }))
        }
    }

    // MARK: Identity

    @Test(arguments: TestEngine.available)
    func findsCredentialsByLoginWhateverTheCase(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let found = try await storage.identity.credentials(forLogin: "Lea.Martin")
            #expect(found?.user == world.pupil)
            #expect(found?.passwordHash == Self.world.roster.accounts[0].passwordHash)
            #expect(try await storage.identity.credentials(forLogin: "nobody") == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func readsUsersOnlyWithinTheirSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            #expect(try await storage.identity.user(world.pupil.id, in: world.school.id) == world.pupil)
            #expect(try await storage.identity.user(world.pupil.id, in: world.otherSchool.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func loadsWhatThePolicyNeedsForEachRole(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let pupil = try #require(try await storage.identity.viewer(for: world.pupil.id))
            #expect(pupil.classIDs == [world.classA.id, world.group.id])
            #expect(pupil.school == world.school)
            let guardian = try #require(try await storage.identity.viewer(for: world.guardian.id))
            #expect(guardian.children.map(\.pupil) == [world.pupil])
            #expect(guardian.children.first?.classIDs == [world.classA.id, world.group.id])
            let teacher = try #require(try await storage.identity.viewer(for: world.teacher.id))
            #expect(Set(teacher.teachings) == Set(world.roster.teachings.filter { $0.teacherID == world.teacher.id }))
            let staff = try #require(try await storage.identity.viewer(for: world.staffX.id))
            #expect(staff.schoolID == world.otherSchool.id && staff.teachings.isEmpty && staff.children.isEmpty)
            #expect(try await storage.identity.viewer(for: .init(rawValue: "00000000-0000-4000-8000-999999999999")) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func refusesASecondAccountWithTheSameLogin(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            var copy = world.pupilB
            copy.id = .make(using: RandomIdentifierGenerator())
            copy.login = world.pupil.login
            await #expect(throws: StoreError.self) { try await storage.identity.createUser(copy, passwordHash: "x", at: Date()) }
            #expect(try await storage.identity.user(copy.id, in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func changesPasswordsAndDisablesOnlyWithinTheSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            #expect(try await storage.identity.setPasswordHash("new", for: world.pupil.id, in: world.otherSchool.id, at: Date()) == false)
            #expect(try await storage.identity.setPasswordHash("new", for: world.pupil.id, in: world.school.id, at: Date()))
            #expect(try await storage.identity.credentials(forLogin: world.pupil.login)?.passwordHash == "new")

            let session = Self.session(for: world.pupil)
            try await storage.sessions.createSession(session, tokenDigest: "digest-1")
            #expect(try await storage.identity.setDisabled(true, for: world.pupil.id, in: world.otherSchool.id, at: Date()) == false)
            #expect(try await storage.sessions.session(forTokenDigest: "digest-1") != nil)
            #expect(try await storage.identity.setDisabled(true, for: world.pupil.id, in: world.school.id, at: Date()))
            #expect(try await storage.identity.user(world.pupil.id, in: world.school.id)?.isDisabled == true)
            #expect(try await storage.sessions.session(forTokenDigest: "digest-1") == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func searchesAccountsOfOneSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let martins = try await storage.identity.users(in: world.school.id, role: nil, matching: "mart", limit: 10, offset: 0)
            #expect(Set(martins.map(\.id)) == [world.pupil.id, world.guardian.id])
            let pupils = try await storage.identity.users(in: world.school.id, role: .pupil, matching: nil, limit: 10, offset: 0)
            #expect(pupils.map(\.id) == [world.pupil.id, world.pupilB.id])
            let page2 = try await storage.identity.users(in: world.school.id, role: .pupil, matching: nil, limit: 1, offset: 1)
            #expect(page2.map(\.id) == [world.pupilB.id])
            let wildcard = try await storage.identity.users(in: world.school.id, role: nil, matching: "%", limit: 10, offset: 0)
            #expect(wildcard.isEmpty)
            let other = try await storage.identity.users(in: world.otherSchool.id, role: nil, matching: "mart", limit: 10, offset: 0)
            #expect(other.isEmpty)
        }
    }

    // MARK: Sessions

    static func session(for user: User, lastSeen: Date = TestClock.mondayMorning, expires: TimeInterval = 3600) -> DeviceSession {
        DeviceSession(
            id: .make(using: RandomIdentifierGenerator()), userID: user.id, schoolID: user.schoolID, createdAt: lastSeen, lastSeenAt: lastSeen,
            expiresAt: lastSeen.addingTimeInterval(expires), isRemembered: true, deviceLabel: "Firefox · Android", csrfToken: "csrf")
    }

    @Test(arguments: TestEngine.available)
    func keepsFindsTouchesAndRevokesSessions(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let first = Self.session(for: world.pupil)
            let second = Self.session(for: world.pupil, lastSeen: TestClock.mondayMorning.addingTimeInterval(60))
            let other = Self.session(for: world.pupilB)
            try await storage.sessions.createSession(first, tokenDigest: "a")
            try await storage.sessions.createSession(second, tokenDigest: "b")
            try await storage.sessions.createSession(other, tokenDigest: "c")
            #expect(try await storage.sessions.session(forTokenDigest: "a") == first)
            #expect(try await storage.sessions.sessions(of: world.pupil.id).map(\.id) == [second.id, first.id])

            let later = TestClock.mondayMorning.addingTimeInterval(600)
            try await storage.sessions.touchSession(first.id, lastSeenAt: later, expiresAt: later.addingTimeInterval(3600))
            #expect(try await storage.sessions.session(forTokenDigest: "a")?.lastSeenAt == later)

            #expect(try await storage.sessions.revokeSession(first.id, of: world.pupilB.id) == false)
            #expect(try await storage.sessions.revokeSession(first.id, of: world.pupil.id))
            #expect(try await storage.sessions.session(forTokenDigest: "a") == nil)

            try await storage.sessions.createSession(first, tokenDigest: "a")
            #expect(try await storage.sessions.revokeSessions(of: world.pupil.id, except: second.id) == 1)
            #expect(try await storage.sessions.sessions(of: world.pupil.id).map(\.id) == [second.id])
            #expect(try await storage.sessions.session(forTokenDigest: "c") != nil)

            #expect(try await storage.sessions.deleteExpiredSessions(before: TestClock.mondayMorning.addingTimeInterval(3_630)) == 1)
            #expect(try await storage.sessions.session(forTokenDigest: "c") == nil)
            #expect(try await storage.sessions.session(forTokenDigest: "b") != nil)
        }
    }

    // MARK: Schools

    @Test(arguments: TestEngine.available)
    func listsClassesOfOneSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let classes = try await storage.schools.classes(in: world.school.id)
            #expect(classes.map(\.name) == ["4e B", "4e C", "Espagnol 4e"])
            #expect(try await storage.schools.schoolClass(world.classX.id, in: world.school.id) == nil)
            #expect(try await storage.schools.schoolClass(world.classX.id, in: world.otherSchool.id) == world.classX)
            #expect(try await storage.schools.school(uai: "0930002B") == world.otherSchool)
            let teachings = try await storage.schools.teachings(ofClass: world.classA.id, in: world.school.id)
            #expect(teachings.map(\.teacherName) == ["Claire Moreau"])
            #expect(try await storage.schools.teachings(ofClass: world.classA.id, in: world.otherSchool.id).isEmpty)
        }
    }

    // MARK: Notebook

    @Test(arguments: TestEngine.available)
    func readsEntriesOnlyWithinTheirSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let entry = try #require(try await storage.notebook.entry(world.entryA.id, in: world.school.id))
            #expect(entry == world.entryA)
            #expect(try await storage.notebook.entry(world.entryX.id, in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func listsEntriesByClassSessionAndDueDates(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let monday = LocalDate(iso: "2026-11-23")!
            let due = try await storage.notebook.entries(
                of: [world.classA.id, world.group.id], in: world.school.id, dueDates: monday...monday.adding(days: 13))
            #expect(due.map(\.id) == [world.entryA.id, world.entryGroup.id])
            let tuesdayOnly = try await storage.notebook.entries(
                of: [world.classA.id, world.group.id], in: world.school.id, dueDates: monday.adding(days: 1)...monday.adding(days: 1))
            #expect(tuesdayOnly.map(\.id) == [world.entryA.id])
            let lastWeek = try await storage.notebook.entries(
                of: [world.classA.id, world.classB.id, world.classX.id], in: world.school.id,
                sessionDates: LocalDate(iso: "2026-11-16")!...LocalDate(iso: "2026-11-22")!)
            #expect(Set(lastWeek.map(\.id)) == [world.entryA.id, world.entryB.id])
            #expect(try await storage.notebook.entries(of: [], in: world.school.id, dueDates: monday...monday).isEmpty)
            #expect(try await storage.notebook.latestSessionDate(in: world.school.id) == LocalDate(iso: "2026-11-20"))
        }
    }

    @Test(arguments: TestEngine.available)
    func storesTextExactlyAsWritten(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            var entry = world.entryA
            entry.id = .make(using: RandomIdentifierGenerator())
            entry.content.work = "Réviser « l'accord » — 2 × 3 = 6 ✅\nLigne 2 'quote' \"double\" ; DROP TABLE users; --"
            entry.content.links = [EntryLink(title: "Vidéo d'été", url: "https://example.org/a?b=1&c=2")]
            entry.content.dueDate = nil
            entry.content.estimatedMinutes = nil
            try await storage.notebook.createEntries([entry])
            #expect(try await storage.notebook.entry(entry.id, in: world.school.id) == entry)
        }
    }

    @Test(arguments: TestEngine.available)
    func createsSeveralEntriesAtomically(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            var good = world.entryA
            good.id = .make(using: RandomIdentifierGenerator())
            var bad = world.entryB
            bad.id = .make(using: RandomIdentifierGenerator())
            bad.classID = .init(rawValue: "00000000-0000-4000-8000-777777777777")
            await #expect(throws: (any Error).self) { try await storage.notebook.createEntries([good, bad]) }
            #expect(try await storage.notebook.entry(good.id, in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func updatesAndDeletesOnlyWithinTheSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            var content = world.entryA.content
            content.work = "Nouveau travail"
            let later = TestClock.mondayMorning
            #expect(try await storage.notebook.updateEntry(world.entryA.id, in: world.otherSchool.id, content: content, at: later) == nil)
            let updated = try #require(try await storage.notebook.updateEntry(world.entryA.id, in: world.school.id, content: content, at: later))
            #expect(updated.content.work == "Nouveau travail")
            #expect(updated.updatedAt == later && updated.createdAt == world.entryA.createdAt)
            #expect(try await storage.notebook.deleteEntry(world.entryA.id, in: world.otherSchool.id, at: later) == false)
            #expect(try await storage.notebook.deleteEntry(world.entryA.id, in: world.school.id, at: later))
            #expect(try await storage.notebook.entry(world.entryA.id, in: world.school.id) == nil)
            #expect(try await storage.notebook.deleteEntry(world.entryA.id, in: world.school.id, at: later) == false)
        }
    }
}
