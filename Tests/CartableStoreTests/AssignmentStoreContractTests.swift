import CartableCore
import CartableTestSupport
import Foundation
import NIOCore
import Testing

@testable import CartableStore

/// Drafts, hand-ins, returns and documents: the same expectations on SQLite and PostgreSQL.
@Suite struct AssignmentStoreContractTests {
    static let world = StoreContractTests.world
    let ids = RandomIdentifierGenerator()
    let now = TestClock.mondayMorning

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    func submissionCount(_ storage: Storage) async throws -> Int {
        try await storage.database.query("SELECT count(*) FROM submissions").first?.first(as: Int.self) ?? -1
    }

    @Test(arguments: TestEngine.available)
    func anOlderRevisionNeverOverwritesANewerOne(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            let a = world.assignmentA
            _ = try await store.saveDraft(of: world.pupil.id, to: a, text: "v1", revision: 1, newID: .make(using: ids), at: now)
            let v3 = try await store.saveDraft(of: world.pupil.id, to: a, text: "v3", revision: 3, newID: .make(using: ids), at: now)
            #expect(v3.revision == 3 && v3.text == "v3")
            // A delayed request with revision 2 arrives late: refused, v3 stays.
            await #expect(throws: Conflict(.staleRevision(current: 3))) {
                try await store.saveDraft(of: world.pupil.id, to: a, text: "v2", revision: 2, newID: .make(using: ids), at: now)
            }
            // The same revision and text again (a retry) is a success that changes nothing.
            let again = try await store.saveDraft(of: world.pupil.id, to: a, text: "v3", revision: 3, newID: .make(using: ids), at: now)
            #expect(again.text == "v3" && again.id == v3.id)
            // The same revision with other text is refused.
            await #expect(throws: Conflict.self) {
                try await store.saveDraft(of: world.pupil.id, to: a, text: "autre", revision: 3, newID: .make(using: ids), at: now)
            }
            let stored = try await store.submission(of: world.pupil.id, to: a.id, in: world.school.id)
            #expect(stored?.text == "v3" && stored?.revision == 3)
            #expect(try await submissionCount(storage) == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentDraftSavesKeepTheHighestRevision(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for revision in (1...30).shuffled() {
                    group.addTask {
                        _ = try? await storage.assignments.saveDraft(
                            of: world.pupil.id, to: world.assignmentA, text: "r\(revision)", revision: Int64(revision),
                            newID: .make(using: RandomIdentifierGenerator()), at: now)
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await storage.assignments.submission(of: world.pupil.id, to: world.assignmentA.id, in: world.school.id)
            #expect(stored?.revision == 30 && stored?.text == "r30")
            #expect(try await submissionCount(storage) == 1)
        }
    }

    /// Saves of several rows at once (on PostgreSQL they share statements, a row at most once in each).
    @Test(arguments: TestEngine.available)
    func concurrentSavesOfSeveralPupilsEachKeepTheirOwnHighestRevision(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let rows = [
                (world.pupil, world.assignmentA), (world.pupil, world.assignmentB), (world.pupilB, world.assignmentA),
                (world.pupilB, world.assignmentB),
            ]
            // Every row exists first, so that the later saves take the usual (batched) path.
            for (pupil, assignment) in rows {
                _ = try await storage.assignments.saveDraft(
                    of: pupil.id, to: assignment, text: "début", revision: 1, newID: .make(using: ids), at: now)
            }
            let saves = rows.flatMap { row in (2...25).map { (row.0, row.1, $0) } }.shuffled()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (pupil, assignment, revision) in saves {
                    group.addTask {
                        _ = try? await storage.assignments.saveDraft(
                            of: pupil.id, to: assignment, text: "\(pupil.login) \(assignment.subject) r\(revision)", revision: Int64(revision),
                            newID: .make(using: RandomIdentifierGenerator()), at: now)
                    }
                }
                try await group.waitForAll()
            }
            for (pupil, assignment) in rows {
                let stored = try await storage.assignments.submission(of: pupil.id, to: assignment.id, in: world.school.id)
                #expect(stored?.revision == 25 && stored?.text == "\(pupil.login) \(assignment.subject) r25")
            }
            #expect(try await submissionCount(storage) == rows.count)
            // After all that, an older revision is still refused with the current one.
            await #expect(throws: Conflict(.staleRevision(current: 25))) {
                try await storage.assignments.saveDraft(
                    of: world.pupil.id, to: world.assignmentA, text: "vieux", revision: 7, newID: .make(using: ids), at: now)
            }
        }
    }

    /// The shared statement applies each save whose revision is newer and leaves the others alone: a stale
    /// revision, handed-in work and a row that does not exist yet come back missing, for the one-save path.
    @Test(arguments: TestEngine.available)
    func theSharedDraftStatementAppliesOnlyNewerSavesOfWorkNotHandedIn(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            let (a, b) = (world.assignmentA, world.assignmentB)
            for (pupil, assignment) in [(world.pupil, a), (world.pupil, b), (world.pupilB, a)] {
                _ = try await store.saveDraft(of: pupil.id, to: assignment, text: "début", revision: 1, newID: .make(using: ids), at: now)
            }
            _ = try await store.handIn(
                of: world.pupilB.id, to: a, handInID: UUID(), draft: nil, isLate: false, newID: .make(using: ids), at: now)
            let later = now.addingTimeInterval(60)
            let saves = [
                DraftBatcher.Save(assignmentID: a.id, pupilID: world.pupil.id, text: "nouveau « texte »", revision: 2, savedAt: later),
                DraftBatcher.Save(assignmentID: b.id, pupilID: world.pupil.id, text: "périmé", revision: 1, savedAt: later),
                DraftBatcher.Save(assignmentID: a.id, pupilID: world.pupilB.id, text: "après coup", revision: 5, savedAt: later),
                DraftBatcher.Save(assignmentID: b.id, pupilID: world.pupilB.id, text: "pas de ligne", revision: 2, savedAt: later),
            ]
            let rows = try await storage.database.writeStatement(DraftBatcher.statement(for: saves, dialect: storage.database.dialect))
            let updated = try rows.map(SQLAssignmentStore.submission(from:))
            #expect(updated.count == 1)
            #expect(updated.first?.pupilID == world.pupil.id && updated.first?.assignmentID == a.id)
            #expect(updated.first?.text == "nouveau « texte »" && updated.first?.revision == 2 && updated.first?.savedAt == later)
            let untouched = try await store.submission(of: world.pupil.id, to: b.id, in: world.school.id)
            #expect(untouched?.text == "début" && untouched?.revision == 1)
            let handedIn = try await store.submission(of: world.pupilB.id, to: a.id, in: world.school.id)
            #expect(handedIn?.text == "début" && handedIn?.state == .handedIn)
            #expect(try await store.submission(of: world.pupilB.id, to: b.id, in: world.school.id) == nil)
            #expect(try await submissionCount(storage) == 3)
        }
    }

    /// Assignments are served from memory while their class's content is unchanged, and read again after a change.
    @Test(arguments: TestEngine.available)
    func aCachedAssignmentIsReadAgainOnceItsClassChanges(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            // The first read learns the class, the second caches.
            _ = try await store.assignment(world.assignmentA.id, in: world.school.id)
            _ = try await store.assignment(world.assignmentA.id, in: world.school.id)
            // A change behind the application's back (no version bump) is not seen: served from memory.
            try await storage.database.write {
                try await $0.execute("UPDATE assignments SET instructions = 'en douce' WHERE id = \(world.assignmentA.id)")
            }
            #expect(try await store.assignment(world.assignmentA.id, in: world.school.id)?.settings.instructions != "en douce")
            // Another school never gets it from the cache.
            #expect(try await store.assignment(world.assignmentA.id, in: world.otherSchool.id) == nil)
            // A change through the store bumps the class's version: read again.
            var changed = world.assignmentA
            changed.settings.instructions = "Nouvelles consignes"
            _ = try await store.setAssignment(changed)
            #expect(try await store.assignment(world.assignmentA.id, in: world.school.id)?.settings.instructions == "Nouvelles consignes")
            // Deleting the entry (nobody started the work) removes the assignment, cached or not.
            _ = try await store.assignment(world.assignmentB.id, in: world.school.id)
            _ = try await store.assignment(world.assignmentB.id, in: world.school.id)
            #expect(try await storage.notebook.deleteEntry(world.entryB.id, in: world.school.id, at: now))
            #expect(try await store.assignment(world.assignmentB.id, in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func aHandInRetriedWithItsIDIsNotDoubled(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            let a = world.assignmentA
            let handInID = UUID()
            let first = try await store.handIn(
                of: world.pupil.id, to: a, handInID: handInID, draft: ("Ma réponse", 4), isLate: false, newID: .make(using: ids), at: now)
            #expect(first.state == .handedIn && first.text == "Ma réponse" && first.handInID == handInID)
            let retry = try await store.handIn(
                of: world.pupil.id, to: a, handInID: handInID, draft: ("Ma réponse", 4), isLate: false, newID: .make(using: ids),
                at: now.addingTimeInterval(5))
            #expect(retry == first)
            await #expect(throws: Conflict(.alreadyHandedIn)) {
                try await store.handIn(of: world.pupil.id, to: a, handInID: UUID(), draft: nil, isLate: false, newID: .make(using: ids), at: now)
            }
            await #expect(throws: Conflict(.alreadyHandedIn)) {
                try await store.saveDraft(of: world.pupil.id, to: a, text: "après", revision: 9, newID: .make(using: ids), at: now)
            }
            #expect(try await submissionCount(storage) == 1)
            #expect(try await store.submission(of: world.pupil.id, to: a.id, in: world.school.id)?.text == "Ma réponse")
        }
    }

    @Test(arguments: TestEngine.available)
    func handingInNothingIsRefusedAndWritesNothing(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            await #expect(throws: ValidationError.self) {
                try await storage.assignments.handIn(
                    of: world.pupil.id, to: world.assignmentA, handInID: UUID(), draft: ("   ", 1), isLate: false, newID: .make(using: ids), at: now)
            }
            #expect(try await submissionCount(storage) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func aReturnNeedsAHandInAndKeepsFeedback(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            let a = world.assignmentA
            _ = try await store.saveDraft(of: world.pupil.id, to: a, text: "brouillon", revision: 1, newID: .make(using: ids), at: now)
            await #expect(throws: Conflict(.notHandedIn)) {
                try await store.returnSubmission(of: world.pupil.id, to: a, feedback: "Bien", mark: "15/20", at: now)
            }
            _ = try await store.handIn(of: world.pupil.id, to: a, handInID: UUID(), draft: nil, isLate: true, newID: .make(using: ids), at: now)
            let returned = try await store.returnSubmission(of: world.pupil.id, to: a, feedback: "Bien", mark: "15/20", at: now)
            #expect(returned.state == .returned && returned.feedback == "Bien" && returned.mark == "15/20" && returned.isLate)
            let all = try await store.submissions(to: a.id, in: world.school.id)
            #expect(all.map(\.pupilID) == [world.pupil.id])
            // Another school sees nothing of it.
            #expect(try await store.submissions(to: a.id, in: world.otherSchool.id).isEmpty)
            #expect(try await store.submission(of: world.pupil.id, to: a.id, in: world.otherSchool.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func filesStayWithinTheSubmissionLimit(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.assignments
            let limits = UploadLimits(fileSize: 1_000, submissionSize: 1_500)
            func file(_ size: Int64) -> SubmissionFile {
                SubmissionFile(
                    id: .make(using: ids), blob: StoredFile(key: String(repeating: "a", count: 64), name: "photo.jpg", kind: .jpeg, size: size))
            }
            let withOne = try await store.addFile(
                file(900), of: world.pupil.id, to: world.assignmentA, limits: limits, newID: .make(using: ids), at: now)
            #expect(withOne.files.count == 1)
            await #expect(throws: ValidationError.self) {
                try await store.addFile(file(700), of: world.pupil.id, to: world.assignmentA, limits: limits, newID: .make(using: ids), at: now)
            }
            let stored = try await store.submission(of: world.pupil.id, to: world.assignmentA.id, in: world.school.id)
            #expect(stored?.files.count == 1 && stored?.filesSize == 900)
            let fileID = try #require(stored?.files.first?.id)
            let found = try await store.submissionFile(fileID, in: world.school.id)
            #expect(found?.pupilID == world.pupil.id && found?.assignmentID == world.assignmentA.id)
            #expect(try await store.submissionFile(fileID, in: world.otherSchool.id) == nil)
            #expect(try await store.removeFile(fileID, of: world.pupil.id, to: world.assignmentA, at: now))
            #expect(try await store.submission(of: world.pupil.id, to: world.assignmentA.id, in: world.school.id)?.files.isEmpty == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func anEntryWhoseWorkHasStartedCannotBeDeleted(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            _ = try await storage.assignments.saveDraft(
                of: world.pupil.id, to: world.assignmentA, text: "début", revision: 1, newID: .make(using: ids), at: now)
            await #expect(throws: Conflict(.workStarted)) { try await storage.notebook.deleteEntry(world.entryA.id, in: world.school.id, at: now) }
            #expect(try await storage.notebook.entry(world.entryA.id, in: world.school.id) != nil)
            // An entry whose work nobody started goes, with its assignment.
            #expect(try await storage.notebook.deleteEntry(world.entryB.id, in: world.school.id, at: now))
            #expect(try await storage.assignments.assignment(world.assignmentB.id, in: world.school.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func settingAnAssignmentTwiceChangesTheOneAssignment(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            var changed = world.assignmentA
            changed.id = .make(using: ids)
            changed.settings.allowsLate = false
            changed.settings.instructions = "Nouvelles consignes"
            let stored = try await storage.assignments.setAssignment(changed)
            #expect(stored.id == world.assignmentA.id && !stored.settings.allowsLate && stored.settings.instructions == "Nouvelles consignes")
            let byEntry = try await storage.assignments.assignments(forEntries: [world.entryA.id, world.entryX.id], in: world.school.id)
            #expect(byEntry.keys.sorted() == [world.entryA.id])
        }
    }

    @Test(arguments: TestEngine.available)
    func documentsFollowTheirClassAndSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let file = StoredFile(key: String(repeating: "b", count: 64), name: "cours.pdf", kind: .pdf, size: 1234)
            let inFolder = Document(
                id: .make(using: ids), schoolID: world.school.id, classID: world.classA.id, entryID: nil, folder: "Cours", file: file,
                uploadedBy: world.teacher.id, createdAt: now)
            let onEntry = Document(
                id: .make(using: ids), schoolID: world.school.id, classID: world.classA.id, entryID: world.entryA.id, folder: "", file: file,
                uploadedBy: world.teacher.id, createdAt: now)
            try await storage.documents.addDocument(inFolder)
            try await storage.documents.addDocument(onEntry)
            #expect(
                try await storage.documents.documents(ofClass: world.classA.id, in: world.school.id).map(\.id).sorted()
                    == [inFolder.id, onEntry.id].sorted())
            #expect(try await storage.documents.documents(ofEntries: [world.entryA.id], in: world.school.id).map(\.id) == [onEntry.id])
            #expect(try await storage.documents.documents(ofClass: world.classA.id, in: world.otherSchool.id).isEmpty)
            #expect(try await storage.documents.document(inFolder.id, in: world.otherSchool.id) == nil)
            #expect(try await storage.documents.document(inFolder.id, in: world.school.id) == inFolder)
            #expect(!(try await storage.documents.deleteDocument(inFolder.id, in: world.otherSchool.id, at: now)))
            #expect(try await storage.documents.deleteDocument(inFolder.id, in: world.school.id, at: now))
            #expect(try await storage.documents.documents(ofClass: world.classA.id, in: world.school.id).map(\.id) == [onEntry.id])
        }
    }
}

/// The blob store keeps only complete, accepted files, under their digest.
@Suite struct BlobStoreTests {
    func withStore(_ body: (BlobStore, URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-blob-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(try BlobStore(root: root), root)
    }

    func leftovers(_ root: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)
    }

    @Test func storesByDigestOnceAndFindsTheKind() async throws {
        try await withStore { (store, root) async throws in
            let bytes = Array("%PDF-1.4\nhello\n".utf8)
            let first = try await store.store(bytes, name: "../../etc/fiche")
            let second = try await store.store(bytes, name: "copie.pdf")
            #expect(first.key == second.key && first.kind == .pdf && first.size == Int64(bytes.count))
            #expect(first.name == "fiche.pdf")
            let path = try #require(store.path(for: first.key))
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
            #expect(path.hasPrefix(root.path))
            #expect(try leftovers(root).isEmpty)
            #expect(store.path(for: "../" + String(repeating: "a", count: 61)) == nil)
        }
    }

    @Test func refusesOverTheLimitAndLeavesNothing() async throws {
        try await withStore { (store, root) async throws in
            let writer = try store.makeWriter(limit: 10)
            try writer.write(ByteBuffer(string: "%PDF-1.4"))
            #expect(throws: BlobTooLarge.self) { try writer.write(ByteBuffer(string: "more bytes than allowed")) }
            #expect(try leftovers(root).isEmpty)
        }
    }

    @Test func refusesWebPagesProgramsAndEmptyFiles() async throws {
        try await withStore { (store, root) async throws in
            for (bytes, name) in [
                (Array("<!DOCTYPE html><script>alert(1)</script>".utf8), "devoir.pdf"),
                ([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], "jeu.exe"),
                (Array("<svg onload=alert(1)>".utf8), "image.svg"),
                ([UInt8](), "vide.txt"),
            ] {
                await #expect(throws: ValidationError.self) { try await store.store(bytes, name: name) }
            }
            #expect(try leftovers(root).isEmpty)
        }
    }

    @Test func clamdRepliesAreRead() throws {
        #expect(try ClamdScanner.verdict(from: "stream: OK\0") == .clean)
        #expect(try ClamdScanner.verdict(from: "stream: Eicar-Test-Signature FOUND\0") == .infected("Eicar-Test-Signature"))
        #expect(throws: (any Error).self) { try ClamdScanner.verdict(from: "INSTREAM size limit exceeded. ERROR\0") }
        #expect(ClamdScanner("127.0.0.1:3310")?.address == .tcp(host: "127.0.0.1", port: 3310))
        #expect(ClamdScanner("/run/clamav/clamd.ctl")?.address == .unix(path: "/run/clamav/clamd.ctl"))
        #expect(ClamdScanner("nonsense") == nil)
    }

    /// With a real clamd (`CARTABLE_TEST_CLAMD=host:port` or the Debian socket), a file it knows is refused (nothing kept) and a clean file kept.
    /// The known file is `CARTABLE_TEST_CLAMD_SIGNED_FILE` when set (./scripts/test gives its clamd that file's hash as its only
    /// signature), else the EICAR test file (for a clamd with the official signatures).
    @Test(.enabled(if: ClamdTest.address != nil)) func aRealClamdRefusesAFileItKnows() async throws {
        let scanner = try #require(ClamdTest.address.flatMap { ClamdScanner($0) })
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-clamd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try BlobStore(root: root, scanner: scanner)
        let known = try ClamdTest.knownFile()
        await #expect(throws: ValidationError([FieldIssue(field: "file", problem: .infectedFile)])) {
            try await store.store(known.bytes, name: known.name)
        }
        #expect(try leftovers(root).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0 != "tmp" }.isEmpty)
        let clean = try await store.store(Array("Bonjour, voici mon devoir.\n".utf8), name: "devoir.txt")
        #expect(store.path(for: clean.key) != nil)
    }
}

enum ClamdTest {
    static var address: String? {
        if let configured = ProcessInfo.processInfo.environment["CARTABLE_TEST_CLAMD"], !configured.isEmpty { return configured }
        return FileManager.default.fileExists(atPath: "/run/clamav/clamd.ctl") ? "/run/clamav/clamd.ctl" : nil
    }

    /// The file the daemon must refuse: `CARTABLE_TEST_CLAMD_SIGNED_FILE`, else EICAR.
    static func knownFile() throws -> (bytes: [UInt8], name: String) {
        if let path = ProcessInfo.processInfo.environment["CARTABLE_TEST_CLAMD_SIGNED_FILE"], !path.isEmpty {
            let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
            return (Array(data), URL(fileURLWithPath: path).lastPathComponent)
        }
        let eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
        return (Array(eicar.utf8), "eicar.txt")
    }
}
