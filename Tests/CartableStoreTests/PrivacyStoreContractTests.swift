import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// Two-factor records, the security log, privacy texts and personal data, on both engines.
@Suite struct PrivacyStoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    @Test(arguments: TestEngine.available)
    func aPersonsDataIsTheirsAndHoldsNoSecret(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let data = try #require(try await storage.personalData.personalData(of: world.pupil.id, in: world.school.id))
            let account = try #require(data.rows(of: "account").first)
            #expect(account.contains { $0.column == "login" && $0.value == .text("lea.martin") })
            #expect(!account.contains { $0.column.contains("password") })
            let classes = data.rows(of: "classes")
            let classNames = classes.flatMap { row in row.filter { $0.column == "name" }.map(\.value) }
            #expect(classNames.contains(.text(world.classA.name)), "\(classNames)")
            #expect(data.rows(of: "guardians").count == 1)
            // Someone of another school, or nobody, has nothing here.
            #expect(try await storage.personalData.personalData(of: world.pupilX.id, in: world.school.id) == nil)
            #expect(try await storage.personalData.personalData(of: .init(rawValue: UUID().uuidString.lowercased()), in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCodesStepIsAcceptedOnceAndRecoveryCodesOnce(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.twoFactor
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.startSetUp(of: world.teacher, secret: "abcdefghijklmnopqrst", at: now)
            #expect(try await store.accept(step: 10, of: world.teacher.id) == false, "not confirmed yet")
            #expect(try await store.confirm(of: world.teacher.id, step: 10, recoveryCodeDigests: ["d1", "d2"], at: now))
            #expect(try await store.confirm(of: world.teacher.id, step: 11, recoveryCodeDigests: ["d3"], at: now) == false, "already on")
            #expect(try await store.accept(step: 10, of: world.teacher.id) == false, "the set-up's step is spent")
            #expect(try await store.accept(step: 11, of: world.teacher.id))
            #expect(try await store.accept(step: 11, of: world.teacher.id) == false)
            #expect(try await store.useRecoveryCode(digest: "d2", of: world.teacher.id, at: now))
            #expect(try await store.useRecoveryCode(digest: "d2", of: world.teacher.id, at: now) == false)
            #expect(try await store.useRecoveryCode(digest: "d1", of: world.pupil.id, at: now) == false, "someone else's code")
            #expect(try await store.unusedRecoveryCodes(of: world.teacher.id) == 1)
            try await store.setRequiredForStaff(true, in: world.school.id, at: now)
            #expect(try await store.isRequiredForStaff(in: world.school.id))
            #expect(try await store.isRequiredForStaff(in: world.otherSchool.id) == false)
            try await store.turnOff(of: world.teacher.id)
            #expect(try await store.twoFactor(of: world.teacher.id) == nil)
            #expect(try await store.unusedRecoveryCodes(of: world.teacher.id) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func aSchoolsPrivacyTextIsItsOwn(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await storage.privacy.setText("Notre texte", of: world.school.id, by: world.staff.id, at: now)
            try await storage.privacy.setText("Le nôtre", of: world.school.id, by: world.staff.id, at: now)
            #expect(try await storage.privacy.text(of: world.school.id) == "Le nôtre")
            #expect(try await storage.privacy.text(of: world.otherSchool.id) == nil)
            try await storage.privacy.setText("", of: world.school.id, by: world.staff.id, at: now)
            #expect(try await storage.privacy.text(of: world.school.id) == nil)
        }
    }
}
