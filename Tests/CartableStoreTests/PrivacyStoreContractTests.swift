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
            // What the school's records say of her (an import writes it) is hers too.
            try await storage.database.writeStatement("UPDATE users SET birth_date = '2012-03-14', external_id = '4242' WHERE id = \(world.pupil.id)")
            let data = try #require(try await storage.personalData.personalData(of: world.pupil.id, in: world.school.id))
            let account = try #require(data.rows(of: "account").first)
            #expect(account.contains { $0.column == "login" && $0.value == .text("lea.martin") })
            #expect(account.contains { $0.column == "birth_date" && $0.value == .text("2012-03-14") }, "\(account)")
            #expect(account.contains { $0.column == "external_id" && $0.value == .text("4242") })
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

    @Test(arguments: TestEngine.available)
    func aPurgeRemovesWhatIsTheirsAndKeepsWhatOthersNeedWithoutTheirName(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let ids = RandomIdentifierGenerator()
            let longAgo = Date(timeIntervalSince1970: 1_700_000_000)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let cutoff = now.addingTimeInterval(-365 * 86_400)
            // The pupil has a draft with two files: one theirs alone, one the same bytes as a class document.
            let shared = String(repeating: "c", count: 64)
            try await storage.documents.addDocument(
                Document(
                    id: .make(using: ids), schoolID: world.school.id, classID: world.classA.id, entryID: nil, folder: "Cours",
                    file: StoredFile(key: shared, name: "cours.pdf", kind: .pdf, size: 10), uploadedBy: world.teacher.id, createdAt: now))
            let own = String(repeating: "b", count: 64)
            for key in [own, shared] {
                _ = try await storage.assignments.addFile(
                    SubmissionFile(id: .make(using: ids), blob: StoredFile(key: key, name: "\(key.prefix(4)).pdf", kind: .pdf, size: 10)),
                    of: world.pupil.id, to: world.assignmentA, limits: UploadLimits(fileSize: 1_000, submissionSize: 1_500), newID: .make(using: ids),
                    at: now)
            }
            // A live-class join and an absence are theirs too: in their data, gone with the purge.
            let monday = LocalDate(iso: "2026-11-23")!
            try await storage.timetable.recordJoin(
                courseID: world.courseMaths.id, plannedDate: monday, userID: world.pupil.id, role: "viewer", in: world.school.id, at: longAgo)
            try await storage.attendance.saveMark(
                AttendanceMark(
                    courseID: world.courseMaths.id, plannedDate: monday, pupilID: world.pupil.id, status: .absent, revision: 1,
                    recordedBy: world.teacher.id, recordedAt: longAgo), in: world.school.id)
            // A justification with its proof, and a connection attempt: theirs as well.
            let reason = AbsenceReason(id: .make(using: ids), schoolID: world.school.id, label: "Maladie")
            try await storage.attendance.saveReason(reason, at: longAgo)
            let proof = String(repeating: "d", count: 64)
            try await storage.attendance.addJustification(
                Justification(
                    id: .make(using: ids), schoolID: world.school.id, pupilID: world.pupil.id, from: monday, to: monday, reasonID: reason.id,
                    proof: StoredFile(key: proof, name: "certificat.pdf", kind: .pdf, size: 10), submittedBy: world.guardian.id, submittedAt: longAgo))
            try await storage.attendance.recordAttempts([PresenceAttempt(userID: world.pupil.id, schoolID: world.school.id, at: longAgo, kind: .waitingRoom)])
            let before = try #require(try await storage.personalData.personalData(of: world.pupil.id, in: world.school.id))
            #expect(before.rows(of: "live_class_joins").count == 1 && before.rows(of: "attendance").count == 1)
            #expect(before.rows(of: "justifications").count == 1 && before.rows(of: "connection_attempts").count == 1)
            for user in [world.pupil, world.teacher, world.pupilB] {
                #expect(try await storage.identity.setDisabled(true, for: user.id, in: user.schoolID, at: longAgo))
            }
            // Disabling again does not reset the day it started; pupil B comes back, then leaves again today.
            #expect(try await storage.identity.setDisabled(true, for: world.pupil.id, in: world.school.id, at: now))
            #expect(try await storage.identity.setDisabled(false, for: world.pupilB.id, in: world.school.id, at: now))
            #expect(try await storage.identity.setDisabled(true, for: world.pupilB.id, in: world.school.id, at: now))

            let candidates = try await storage.purges.purgeCandidates(in: world.school.id, disabledBefore: cutoff)
            #expect(candidates.map(\.user.id).sorted() == [world.pupil.id, world.teacher.id].sorted())
            let pupilCandidate = try #require(candidates.first { $0.user.id == world.pupil.id })
            #expect(pupilCandidate.submissions == 1 && pupilCandidate.files == 2 && pupilCandidate.disabledAt == longAgo)
            let teacherCandidate = try #require(candidates.first { $0.user.id == world.teacher.id })
            #expect(teacherCandidate.keptRecords > 0)
            #expect(try await storage.purges.purgeCandidates(in: world.otherSchool.id, disabledBefore: now).isEmpty)

            // Only the listed candidates of this school go: pupil B (too recent) and a pupil of another school are ignored.
            let result = try await storage.purges.purge(
                [world.pupil.id, world.teacher.id, world.pupilB.id, world.pupilX.id], in: world.school.id, disabledBefore: cutoff, at: now)
            #expect(result.purged.sorted() == [world.pupil.id, world.teacher.id].sorted())
            #expect(result.unusedFiles.sorted() == [own, proof].sorted(), "the document's bytes are still the class's")

            #expect(try await storage.assignments.submission(of: world.pupil.id, to: world.assignmentA.id, in: world.school.id) == nil)
            let data = try #require(try await storage.personalData.personalData(of: world.pupil.id, in: world.school.id))
            for section in [
                "classes", "guardians", "devices", "submissions", "submission_files", "security_log", "live_class_joins", "attendance", "justifications",
                "connection_attempts",
            ] {
                #expect(data.rows(of: section).isEmpty, "\(section) left after the purge")
            }
            let standIn = try #require(try await storage.identity.user(world.pupil.id, in: world.school.id))
            #expect(standIn.firstName.isEmpty && standIn.lastName.isEmpty && standIn.isDisabled && standIn.login.hasPrefix("purged-"))
            #expect(try await storage.identity.credentials(forLogin: world.pupil.login) == nil)
            #expect(try await storage.identity.credentials(forLogin: standIn.login) == nil)
            #expect(try await storage.identity.setDisabled(false, for: world.pupil.id, in: world.school.id, at: now) == false, "never comes back")
            #expect(try await storage.identity.users(in: world.school.id, role: nil, matching: nil, limit: 100, offset: 0).allSatisfy {
                $0.id != world.pupil.id && $0.id != world.teacher.id
            })
            // The teacher's entry stays the class's, without a name.
            let entry = try #require(try await storage.notebook.entry(world.entryA.id, in: world.school.id))
            #expect(entry.teacherID == world.teacher.id && entry.teacherName.trimmingCharacters(in: .whitespaces).isEmpty)
            // Pupil B and the other school are untouched; a second purge finds nothing.
            #expect(try await storage.identity.user(world.pupilB.id, in: world.school.id)?.login == world.pupilB.login)
            #expect(try await storage.purges.purgeCandidates(in: world.school.id, disabledBefore: cutoff).isEmpty)
            #expect(try await storage.purges.purge([world.pupil.id], in: world.school.id, disabledBefore: cutoff, at: now).purged.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aSchoolsRetentionPeriodIsItsOwn(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await storage.purges.retentionDays(of: world.school.id) == nil)
            try await storage.purges.setRetentionDays(90, of: world.school.id, by: world.staff.id, at: now)
            try await storage.purges.setRetentionDays(120, of: world.school.id, by: world.staff.id, at: now)
            #expect(try await storage.purges.retentionDays(of: world.school.id) == 120)
            #expect(try await storage.purges.retentionDays(of: world.otherSchool.id) == nil)
        }
    }
}
