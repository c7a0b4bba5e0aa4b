import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Bad input on work to hand in and documents: a clear answer, and nothing written.
@Suite struct AssignmentBadInputTests {
    static let png: [UInt8] = AccessMatrixTests.png

    func submission(_ app: TestApp, _ pupil: User, _ assignment: Assignment) async throws -> Submission? {
        try await app.services.storage.assignments.submission(of: pupil.id, to: assignment.id, in: pupil.schoolID)
    }

    @Test func anAssignmentNeedsADueDateInTheFuture() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let missing = try await app.post("/entries/\(app.world.entryA.id)/assignment", form: [("dueTime", "18:00")], as: teacher)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.visibleText.contains("Ce champ est obligatoire") || missing.visibleText.contains("obligatoire"))
            let past = try await app.post(
                "/entries/\(app.world.entryA.id)/assignment", form: [("dueDate", "2026-11-20"), ("dueTime", "18:00")], as: teacher)
            #expect(past.status == .unprocessableContent)
            #expect(past.visibleText.contains("Cette date limite est déjà passée."))
            let earlierToday = try await app.json(
                .put, "/api/v1/entries/\(app.world.entryA.id)/assignment", body: #"{"dueDate":"2026-11-23","dueTime":"08:00"}"#, as: teacher)
            #expect(earlierToday.status == .unprocessableContent)
            let badTime = try await app.json(
                .put, "/api/v1/entries/\(app.world.entryA.id)/assignment", body: #"{"dueDate":"2026-11-27","dueTime":"25:99","answerKinds":"video"}"#,
                as: teacher)
            #expect(badTime.status == .unprocessableContent)
            let body = try badTime.decode(APIErrorBody.self)
            #expect(body.error.fields?.map(\.field).sorted() == ["answerKinds", "dueTime"])
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aDraftWithAnOlderRevisionIsRefusedWithTheCurrentOne() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let path = "/api/v1/assignments/\(app.world.assignmentA.id)/draft"
            #expect(try await app.json(.put, path, body: #"{"text":"cinq","revision":5}"#, as: pupil).status == .ok)
            let old = try await app.json(.put, path, body: #"{"text":"trois","revision":3}"#, as: pupil)
            #expect(old.status == .conflict)
            let body = try old.decode(APIErrorBody.self)
            #expect(body.error.code == "stale_revision" && body.error.currentRevision == 5)
            let noRevision = try await app.json(.put, path, body: #"{"text":"sans"}"#, as: pupil)
            #expect(noRevision.status == .unprocessableContent)
            let notJSON = try await app.json(.put, path, body: "text=bonjour", as: pupil, headers: [.contentType: "text/plain"])
            #expect(notJSON.status == .forbidden)
            #expect(try await submission(app, app.world.pupil, app.world.assignmentA)?.text == "cinq")
        }
    }

    @Test func aHandInIsNeverDoubledAndNeedsItsID() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let path = "/api/v1/assignments/\(app.world.assignmentA.id)/hand-in"
            let noID = try await app.json(.post, path, body: #"{"text":"Réponse","revision":1}"#, as: pupil)
            #expect(noID.status == .unprocessableContent)
            #expect(try await submission(app, app.world.pupil, app.world.assignmentA) == nil)
            let body = #"{"handInId":"5d0c7c1e-2b4a-4f7e-9a3c-1e2d3c4b5a69","text":"Réponse","revision":1}"#
            let first = try await app.json(.post, path, body: body, as: pupil)
            let retry = try await app.json(.post, path, body: body, as: pupil)
            #expect(first.status == .ok && retry.status == .ok)
            #expect(first.text == retry.text)
            let other = try await app.json(.post, path, body: #"{"handInId":"5d0c7c1e-2b4a-4f7e-9a3c-1e2d3c4b5a70"}"#, as: pupil)
            #expect(other.status == .conflict)
            let count = try await app.services.storage.database.query("SELECT count(*) FROM submissions").first?.first(as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func aLateHandInIsRefusedWhenLateWorkIsNotTakenButTheTextIsKept() async throws {
        try await TestApp.run { (app) async throws in
            let pupilB = try await app.session(for: app.world.pupilB)
            app.clock.advance(by: 4 * 86_400)  // Friday: assignment B was due Wednesday at 18:00.
            let response = try await app.post(
                "/work/\(app.world.assignmentB.id)",
                form: [("text", "Enfin fini"), ("revision", "1"), ("handInId", UUID().uuidString), ("action", "handIn")], as: pupilB)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("La date limite est passée"))
            let stored = try await submission(app, app.world.pupilB, app.world.assignmentB)
            #expect(stored?.isHandedIn == false && stored?.text == "Enfin fini")
            // Late work that is taken is marked late.
            let pupil = try await app.session(for: app.world.pupil)
            let late = try await app.json(
                .post, "/api/v1/assignments/\(app.world.assignmentA.id)/hand-in",
                body: #"{"handInId":"\#(UUID().uuidString)","text":"Tard","revision":1}"#,
                as: pupil)
            #expect(late.status == .ok)
            #expect(try late.decode(APIModel.Submission.self).state == "late")
        }
    }

    @Test func aFileOverTheLimitIsRefusedInFrenchAndNothingIsKept() async throws {
        try await TestApp.run(configure: { $0.uploadLimits = UploadLimits(fileSize: 1_024, submissionSize: 2_048) }) { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let big = Self.png + [UInt8](repeating: 7, count: 3_000)
            let before = try await app.writtenState()
            let page = try await app.upload("/work/\(app.world.assignmentA.id)/files", bytes: big, as: pupil)
            #expect(page.status == .contentTooLarge)
            #expect(page.visibleText.contains("Ce fichier est trop gros"))
            let api = try await app.raw("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=grand.png", bytes: big, as: pupil)
            #expect(api.status == .contentTooLarge)
            #expect(try api.decode(APIErrorBody.self).error.code == "file_too_large")
            // Two files that fit alone but not together.
            let small = Self.png + [UInt8](repeating: 1, count: 900)
            #expect(try await app.raw("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=a.png", bytes: small, as: pupil).status == .created)
            let second = try await app.raw("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=b.png", bytes: small + [2], as: pupil)
            #expect(second.status == .created)
            let third = try await app.raw("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=c.png", bytes: small + [3], as: pupil)
            #expect(third.status == .unprocessableContent)
            #expect(try await submission(app, app.world.pupil, app.world.assignmentA)?.files.count == 2)
            #expect(before[7] == 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: app.services.blobs.root.appendingPathComponent("tmp").path)
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aForbiddenTypeIsRefusedWhateverItsName() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let teacher = try await app.session(for: app.world.teacher)
            let html = Array("<!DOCTYPE html><html><script>steal()</script></html>".utf8)
            let before = try await app.writtenState()
            let page = try await app.upload("/work/\(app.world.assignmentA.id)/files", fileName: "devoir.pdf", bytes: html, as: pupil)
            #expect(page.status == .unprocessableContent)
            #expect(page.visibleText.contains("Ce type de fichier n'est pas accepté"))
            let exe = try await app.upload(
                "/classes/\(app.world.classA.id)/documents", fields: [("folder", "Cours")], fileName: "cours.pdf", bytes: [0x4D, 0x5A, 0, 0, 1, 2],
                as: teacher)
            #expect(exe.status == .unprocessableContent)
            let api = try await app.raw("/api/v1/classes/\(app.world.classA.id)/documents?name=x.pdf", bytes: html, as: teacher)
            #expect(api.status == .unprocessableContent)
            #expect(try api.decode(APIErrorBody.self).error.fields?.first?.field == "file")
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func anUploadWithoutItsFormTokenStoresNothing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let response = try await app.upload(
                "/classes/\(app.world.classA.id)/documents", fileName: "a.pdf", bytes: TestApp.documentBytes, as: teacher, csrf: "wrong")
            #expect(response.status == .forbidden)
            // A simple form type on the API is refused too (another site could send it).
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=x"
            let api = try await app.json(
                .post, "/api/v1/classes/\(app.world.classA.id)/documents?name=a.pdf", body: "--x--", as: teacher, headers: headers)
            #expect(api.status == .forbidden)
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func anotherPupilsWorkIsNotFound() async throws {
        try await TestApp.run { (app) async throws in
            let pupilB = try await app.session(for: app.world.pupilB)
            let pupil = try await app.session(for: app.world.pupil)
            // Lea's file on her work.
            let added = try await app.raw("/api/v1/assignments/\(app.world.assignmentA.id)/files?name=copie.png", bytes: Self.png, as: pupil)
            #expect(added.status == .created)
            let fileHref = try added.decode(APIModel.Submission.self).files.first?.href ?? ""
            #expect(try await app.get(fileHref, as: pupil).status == .ok)
            #expect(try await app.get(fileHref, as: pupilB).status == .notFound)
            #expect(try await app.get("/work/\(app.world.assignmentA.id)/pupils/\(app.world.pupil.id)", as: pupilB).status == .notFound)
            #expect(try await app.get("/work/\(app.world.assignmentB.id)/pupils/\(app.world.pupil.id)", as: pupilB).status == .notFound)
            let api = try await app.json(.get, "/api/v1/assignments/\(app.world.assignmentA.id)/submissions/\(app.world.pupil.id)", as: pupilB)
            #expect(api.status == .notFound)
            // A pupil cannot read another pupil's work of their own class either.
            let guardianX = try await app.session(for: app.world.guardianX)
            #expect(try await app.get(fileHref, as: guardianX).status == .notFound)
            #expect(try await app.get("/work/\(app.world.assignmentA.id)/pupils/not-an-id", as: pupil).status == .notFound)
        }
    }

    /// A draft stays the pupil's own: its files are downloaded by the pupil only, until hand-in; then
    /// by the pupil's guardians, the class's teachers and staff too (never by anyone else).
    @Test func aDraftsFilesAreThePupilsOwnUntilHandIn() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let pupil = try await app.session(for: w.pupil)
            let others: [(String, TestSession, HTTPResponse.Status)] = [
                ("guardian", try await app.session(for: w.guardian), .ok), ("teacher", try await app.session(for: w.teacher), .ok),
                ("staff", try await app.session(for: w.staff), .ok), ("other class's pupil", try await app.session(for: w.pupilB), .notFound),
                ("other class's teacher", try await app.session(for: w.teacherB), .notFound),
                ("other school's staff", try await app.session(for: w.staffX), .notFound),
            ]
            let added = try await app.raw("/api/v1/assignments/\(w.assignmentA.id)/files?name=copie.png", bytes: Self.png, as: pupil)
            #expect(added.status == .created)
            let href = try #require(try added.decode(APIModel.Submission.self).files.first?.href)
            #expect(try await app.get(href, as: pupil).status == .ok)
            for (who, session, _) in others {
                #expect(try await app.get(href, as: session).status == .notFound, "\(who) downloaded a draft's file")
            }
            let handedIn = try await app.json(
                .post, "/api/v1/assignments/\(w.assignmentA.id)/hand-in", body: #"{"handInId":"\#(UUID().uuidString)"}"#, as: pupil)
            #expect(handedIn.status == .ok)
            #expect(try await app.get(href, as: pupil).status == .ok)
            for (who, session, status) in others {
                #expect(try await app.get(href, as: session).status == status, "\(who) after hand-in")
            }
        }
    }

    @Test func theTeacherReturnsHandedInWorkAndTheGuardianSeesTheFeedback() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let teacher = try await app.session(for: app.world.teacher)
            let guardian = try await app.session(for: app.world.guardian)
            let a = app.world.assignmentA
            _ = try await app.json(
                .post, "/api/v1/assignments/\(a.id)/hand-in", body: #"{"handInId":"\#(UUID().uuidString)","text":"x = 4","revision":1}"#, as: pupil)
            let empty = try await app.post("/work/\(a.id)/pupils/\(app.world.pupil.id)/return", form: [("feedback", ""), ("mark", "")], as: teacher)
            #expect(empty.status == .unprocessableContent)
            let returned = try await app.post(
                "/work/\(a.id)/pupils/\(app.world.pupil.id)/return", form: [("feedback", "Très bien <b>justifié</b>"), ("mark", "17/20")], as: teacher
            )
            #expect(returned.status == .seeOther)
            let seen = try await app.get("/work/\(a.id)/pupils/\(app.world.pupil.id)", as: guardian)
            #expect(seen.status == .ok)
            #expect(seen.text.contains("Très bien &lt;b&gt;justifié&lt;/b&gt;"))
            #expect(seen.visibleText.contains("17/20") && seen.visibleText.contains("Corrigé"))
            let today = try await app.get("/today", as: guardian)
            #expect(today.visibleText.contains("Corrigé"))
            let zip = try await app.get("/work/\(a.id)/submissions.zip", as: teacher)
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let bytes = Array(zip.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && bytes.suffix(22).starts(with: [0x50, 0x4B, 0x05, 0x06]))
            #expect(String(decoding: bytes, as: UTF8.self).contains("x = 4"))
        }
    }

    @Test func downloadsCarryTheirTypeAndAreNeverSniffed() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let response = try await app.get("/documents/\(app.world.documentIDs[0])", as: pupil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.contentDisposition]?.hasPrefix("inline; filename=\"cours.pdf\"") == true)
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Array(response.body.readableBytesView) == TestApp.documentBytes)
            let forced = try await app.get("/documents/\(app.world.documentIDs[0])?download=1", as: pupil)
            #expect(forced.headers[.contentDisposition]?.hasPrefix("attachment") == true)
        }
    }

    @Test func workPupilsHandInCannotBeRemovedFromItsEntry() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let response = try await app.json(
                .put, "/api/v1/entries/\(app.world.entryA.id)",
                body: #"{"subject":"Mathématiques","sessionDate":"2026-11-20","done":"Cours","work":""}"#, as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(try response.decode(APIErrorBody.self).error.fields?.map(\.field) == ["work"])
            #expect(try await app.services.storage.notebook.entry(app.world.entryA.id, in: app.world.school.id)?.content.hasWork == true)
        }
    }

    @Test func everyoneFindsTheDocumentsOfTheirClasses() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let page = try await app.get("/documents", as: guardian)
            #expect(page.status == .ok)
            #expect(page.text.contains("/classes/\(app.world.classA.id)/documents"))
            #expect(!page.text.contains("/classes/\(app.world.classB.id)/documents"))
            let classPage = try await app.get("/classes/\(app.world.classA.id)/documents", as: guardian)
            #expect(classPage.text.contains("/documents/\(app.world.documentIDs[0])"))
            #expect(!classPage.text.contains("enctype=\"multipart/form-data\""))
        }
    }
}
