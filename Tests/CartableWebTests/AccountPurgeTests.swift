import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Staff purge the accounts disabled for longer than the school keeps them: a preview first, a
/// confirmation, then their data and files go and what the class needs stays without a name.
@Suite struct AccountPurgeTests {
    @Test func staffSeeWhatGoesAndPurgeOnlyOnceTheyConfirm() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let staff = try await app.session(for: world.staff)
            // Léa has a draft with a file of her own; then she and her teacher leave.
            let bytes = Array("%PDF-1.4\n% Léa's answer\n%%EOF\n".utf8)
            let stored = try await app.services.blobs.store(bytes, name: "reponse.pdf")
            _ = try await app.services.storage.assignments.addFile(
                SubmissionFile(id: .make(using: app.services.identifiers), blob: stored), of: world.pupil.id, to: world.assignmentA,
                limits: UploadLimits(), newID: .make(using: app.services.identifiers), at: app.clock.now())
            #expect(app.services.blobs.path(for: stored.key) != nil)
            for user in [world.pupil, world.teacher] {
                #expect(try await app.post("/admin/accounts/\(user.id)/disable", form: [], as: staff).status == .seeOther)
            }
            // Not yet: a year has not passed.
            #expect(try await app.get("/admin/purge", as: staff).visibleText.contains("Aucun compte à effacer."))
            app.clock.advance(by: 366 * 86_400)
            let staffNow = try await app.session(for: world.staff)

            let preview = try await app.get("/admin/purge", as: staffNow)
            #expect(preview.status == .ok)
            let text = preview.visibleText
            for expected in ["Léa Martin", "Claire Moreau", "Travaux : 1 · fichiers : 1", "Restent, sans nom", "Effacer ces 2 comptes", "365 jours"] {
                #expect(text.contains(expected), "the preview shows \(expected)")
            }
            #expect(!text.contains("Tom Petit"), "an account still in use is not listed")

            // Without the box ticked: refused, nothing changed.
            let before = try await app.writtenState()
            let unconfirmed = try await app.post("/admin/purge", form: [("account", world.pupil.id.rawValue), ("account", world.teacher.id.rawValue)], as: staffNow)
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.visibleText.contains("Cochez la case pour confirmer"))
            #expect(try await app.writtenState() == before)

            let done = try await app.post(
                "/admin/purge", form: [("account", world.pupil.id.rawValue), ("account", world.teacher.id.rawValue), ("confirm", "yes")], as: staffNow)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/admin/purge?notice=accountsPurged&count=2")
            #expect(try await app.get("/admin/purge?notice=accountsPurged&count=2", as: staffNow).visibleText.contains("2 comptes effacés."))
            #expect(app.services.blobs.path(for: stored.key) == nil, "her file is deleted from disk")
            #expect(try await app.services.storage.assignments.submission(of: world.pupil.id, to: world.assignmentA.id, in: world.school.id) == nil)
            // The class's documents and the teacher's entries stay; the entry no longer names her.
            let notebook = try await app.get("/entries/\(world.entryA.id)", as: staffNow)
            #expect(notebook.status == .ok)
            #expect(notebook.visibleText.contains("Ancien professeur") && !notebook.visibleText.contains("Moreau"))
            let document = try #require(try await app.services.storage.documents.documents(ofClass: world.classA.id, in: world.school.id).first)
            #expect(app.services.blobs.path(for: document.file.key) != nil)
            // The log says who purged whom; the accounts list no longer shows them.
            let purges = try await app.services.storage.database.query(
                "SELECT actor_id FROM security_events WHERE kind = 'account_purged' ORDER BY subject_id")
            #expect(purges.count == 2)
            #expect(try purges.allSatisfy { try $0.decode("actor_id", as: String.self) == world.staff.id.rawValue })
            let accounts = try await app.get("/admin/accounts", as: staffNow).visibleText
            #expect(!accounts.contains("Léa Martin") && !accounts.contains("lea.martin"))
            // Her old sign-in name no longer opens anything, and the account cannot be re-enabled.
            #expect(try await SessionTests.signIn(app, login: "lea.martin").status == .unauthorized)
            #expect(try await app.post("/admin/accounts/\(world.pupil.id)/enable", form: [], as: staffNow).status == .notFound)
            #expect(try await app.get("/admin/purge", as: staffNow).visibleText.contains("Aucun compte à effacer."))
        }
    }

    @Test func theSchoolSetsHowLongItKeepsADisabledAccount() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post("/admin/accounts/\(app.world.pupilB.id)/disable", form: [], as: staff).status == .seeOther)
            app.clock.advance(by: 40 * 86_400)
            let staffNow = try await app.session(for: app.world.staff)
            #expect(!(try await app.get("/admin/purge", as: staffNow).visibleText.contains("Tom Petit")))

            let before = try await app.writtenState()
            for bad in ["3", "4000", "trente", "", "30.5", "-30"] {
                let response = try await app.post("/admin/purge/retention", form: [("days", bad)], as: staffNow)
                #expect(response.status == .unprocessableContent, "\(bad)")
                #expect(response.visibleText.contains("Un nombre entier entre 7 et 3"), "the message says what is allowed")
            }
            #expect(try await app.writtenState() == before, "a refused period changes nothing")

            #expect(try await app.post("/admin/purge/retention", form: [("days", "30")], as: staffNow).status == .seeOther)
            let page = try await app.get("/admin/purge", as: staffNow).visibleText
            #expect(page.contains("30 jours") && page.contains("Tom Petit"))
            // Another school keeps its own (default) period.
            let otherStaff = try await app.session(for: app.world.staffX)
            #expect(try await app.get("/admin/purge", as: otherStaff).visibleText.contains("365 jours"))
        }
    }
}
