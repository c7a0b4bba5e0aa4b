import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The school's security log and the privacy page.
@Suite struct SecurityLogTests {
    @Test func staffReadTheirSchoolsSignInsResetsAndDisabledAccounts() async throws {
        try await TestApp.run(setup: .live, configure: { $0.trustedProxies = .loopback }) { (app) async throws in
            let from: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.23", .userAgent: "Mozilla/5.0 (Android 14) Firefox/133.0"]
            #expect(try await SessionTests.signIn(app, login: "lea.martin", headers: from).status == .seeOther)
            #expect(try await SessionTests.signIn(app, login: "lea.martin", password: "mauvais-mot-de-passe", headers: from).status == .unauthorized)
            // An unknown login is not logged (it may be a password typed in the wrong field).
            #expect(try await SessionTests.signIn(app, login: "mot-de-passe-secret", headers: from).status == .unauthorized)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.post("/admin/accounts/\(app.world.pupilB.id)/disable", form: [], as: staff).status == .seeOther)
            #expect(
                try await app.post("/admin/accounts/\(app.world.pupilB.id)/password", form: [("password", "nouveau-mdp-42")], as: staff).status
                    == .seeOther)

            let page = try await app.get("/admin/security-log", as: staff)
            #expect(page.status == .ok)
            let text = page.visibleText
            for expected in ["Connexion", "Mot de passe incorrect", "Compte désactivé", "Mot de passe changé", "Léa Martin (lea.martin)",
                "Tom Petit (tom.petit)", "par Jean Dupont", "198.51.100.23", "Firefox"]
            {
                #expect(text.contains(expected), "the log shows \(expected)")
            }
            // Never a password, a token, or the mistyped login.
            let stored = try await app.services.storage.database.query("SELECT * FROM security_events")
            #expect(stored.count == 4)
            let everything = stored.map { row in row.values.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
            for secret in ["mauvais-mot-de-passe", "nouveau-mdp-42", World.password, "mot-de-passe-secret"] {
                #expect(!everything.contains(secret), "the log holds \(secret)")
            }
            // Other schools' staff and teachers see nothing of it.
            let foreign = try await app.session(for: app.world.staffX)
            let theirs = try await app.get("/admin/security-log", as: foreign)
            #expect(theirs.status == .ok)
            #expect(!theirs.visibleText.contains("Léa Martin"))
            #expect(try await app.get("/admin/security-log", as: try await app.session(for: app.world.teacher)).status == .notFound)
        }
    }

    @Test func eventsPastTheRetentionPeriodAreDeleted() async throws {
        try await TestApp.run { (app) async throws in
            let log = app.services.storage.securityLog
            let now = app.clock.now()
            for (index, age) in [400.0, 200.0, 1.0].enumerated() {
                try await log.record(
                    SecurityEvent(
                        id: .init(rawValue: "00000000-0000-4000-8000-00000000050\(index)"), schoolID: app.world.school.id,
                        at: now.addingTimeInterval(-age * 86_400), kind: .signIn, actorID: app.world.pupil.id, subjectID: app.world.pupil.id))
            }
            #expect(try await log.deleteEvents(before: now.addingTimeInterval(-365 * 86_400)) == 1)
            #expect(try await log.events(in: app.world.school.id, limit: 10).count == 2)
            #expect(try await log.events(in: app.world.otherSchool.id, limit: 10).isEmpty)
        }
    }

    @Test func thePrivacyPageSaysWhatIsKeptAndTheSchoolMaySetItsOwnText() async throws {
        try await TestApp.run { (app) async throws in
            let anonymous = try await app.get("/privacy")
            #expect(anonymous.status == .ok)
            #expect(anonymous.visibleText.contains("Ce que Cartable garde"))
            #expect(anonymous.visibleText.contains("365 jours"))
            #expect(try await app.get("/signin").text.contains("href=\"/privacy\""), "linked from every page's footer")

            let staff = try await app.session(for: app.world.staff)
            let teacher = try await app.session(for: app.world.teacher)
            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.post("/admin/privacy", form: [("text", "Pirate")], as: teacher).status == .notFound)
            let tooLong = try await app.post("/admin/privacy", form: [("text", String(repeating: "a", count: 20_001))], as: staff)
            #expect(tooLong.status == .unprocessableContent)
            #expect(try await app.services.storage.privacy.text(of: app.world.school.id) == nil)
            let saved = try await app.post(
                "/admin/privacy", form: [("text", "Le collège garde vos devoirs <b>un an</b>.\n\nÉcrivez à la vie scolaire.")], as: staff)
            #expect(saved.status == .seeOther)
            let seen = try await app.get("/privacy", as: pupil)
            #expect(seen.visibleText.contains("Le collège garde vos devoirs <b>un an</b>."))
            #expect(seen.text.contains("&lt;b&gt;"), "escaped")
            #expect(seen.text.contains("<p>Écrivez à la vie scolaire.</p>"))
            // Another school's people, and people not signed in, see the platform's text.
            #expect(try await app.get("/privacy").visibleText.contains("Ce que Cartable garde"))
            #expect(try await app.get("/privacy", as: try await app.session(for: app.world.pupilX)).visibleText.contains("Ce que Cartable garde"))
        }
    }

    /// A person's right of access: staff download everything held about them as one archive, with
    /// their files and without any secret.
    @Test func staffDownloadEverythingHeldAboutAPersonWithoutSecrets() async throws {
        try await TestApp.run { (app) async throws in
            let w = app.world
            let pupil = try await app.session(for: w.pupil)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0x42, 0x42]
            #expect(try await app.raw("/api/v1/assignments/\(w.assignmentA.id)/files?name=copie-de-lea.png", bytes: png, as: pupil).status == .created)
            let handIn = #"{"handInId":"\#(UUID().uuidString)","text":"Ma réponse : x = 4","revision":1}"#
            #expect(try await app.json(.post, "/api/v1/assignments/\(w.assignmentA.id)/hand-in", body: handIn, as: pupil).status == .ok)

            let staff = try await app.session(for: w.staff)
            let archive = try await app.get("/admin/accounts/\(w.pupil.id)/data.zip", as: staff)
            #expect(archive.status == .ok)
            #expect(archive.headers[.contentType] == "application/zip")
            let bytes = Array(archive.body.readableBytesView)
            let text = String(decoding: bytes, as: UTF8.self)
            for expected in ["LISEZMOI.txt", "donnees.json", "\"login\" : \"lea.martin\"", "Ma réponse : x = 4", "4e B", "Sophie",
                "fichiers/work/copie-de-lea.png", "\"handed_in_at\" : \"20"]
            {
                #expect(text.contains(expected), "the archive holds \(expected)")
            }
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && bytes.suffix(22).starts(with: [0x50, 0x4B, 0x05, 0x06]), "a zip archive")
            #expect(text.contains(String(decoding: png, as: UTF8.self)), "the file itself")
            // No secret: not the password hash, not the session's token digest or CSRF token.
            let hash = try #require(try await app.services.storage.database.query("SELECT password_hash FROM users WHERE id = \(w.pupil.id)").first)
                .decode("password_hash", as: String.self)
            #expect(!text.contains(hash))
            #expect(!text.contains(TestApp.digest(pupil.token)) && !text.contains(pupil.csrf))
            #expect(!text.contains("password_hash") && !text.contains("token_hash"))
            // Only staff of the person's school.
            #expect(try await app.get("/admin/accounts/\(w.pupil.id)/data.zip", as: try await app.session(for: w.teacher)).status == .notFound)
            #expect(try await app.get("/admin/accounts/\(w.pupil.id)/data.zip", as: try await app.session(for: w.staffX)).status == .notFound)
            #expect(try await app.get("/admin/accounts/\(w.pupilX.id)/data.zip", as: staff).status == .notFound)
            #expect(try await app.get("/admin/accounts/\(w.pupil.id)/data.zip", as: pupil).status == .notFound)
        }
    }
}
