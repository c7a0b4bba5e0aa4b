import CartableCore
import CartableImport
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A real school's first day on Cartable through the real application: the import page, activation letters, first
/// sign-in with a code, the structure pages.
@Suite struct OnboardingTests {
    /// A pupil of the world's class A imported without a password.
    static func addPendingPupil(_ app: TestApp, login: String = "zoe.roux") async throws -> User {
        let user = User(id: .make(using: RandomIdentifierGenerator()), schoolID: app.world.school.id, login: login, firstName: "Zoé", lastName: "Roux", role: .pupil)
        var roster = Roster()
        roster.accounts = [Roster.Account(user: user, passwordHash: "")]
        roster.enrolments = [(app.world.classA.id, user.id)]
        try await app.services.storage.schools.importRoster(roster, at: app.clock.now())
        return user
    }

    /// The codes printed on a letters page, in order.
    static func codes(in page: String) -> [String] {
        page.matches(of: /<dd class="code">([a-z0-9]{4}-[a-z0-9]{4})<\/dd>/).map { String($0.1) }
    }

    /// The anonymous CSRF cookie and token, from a page before sign-in.
    static func anonymous(_ app: TestApp, _ path: String) async throws -> (cookie: String, token: String, page: TestResponse) {
        let page = try await app.get(path)
        let cookie = String(try #require(page.setCookie("cartable_csrf")).split(separator: ";")[0])
        return (cookie, String(cookie.split(separator: "=")[1]), page)
    }

    static func printLetters(_ app: TestApp, _ session: TestSession, classID: SchoolClass.ID, who: String = "pupils") async throws -> TestResponse {
        try await app.post("/school/letters", form: [("class", classID.rawValue), ("who", who)], as: session)
    }

    @Test func aPupilActivatesWithTheCodeOfTheLetterAndLandsOnToday() async throws {
        try await TestApp.run { (app) async throws in
            let zoe = try await Self.addPendingPupil(app)
            let staff = try await app.session(for: app.world.staff)
            let letters = try await Self.printLetters(app, staff, classID: app.world.classA.id)
            #expect(letters.status == .ok)
            #expect(letters.headers[.cacheControl] == "no-store")
            // Only Zoé has not activated her account: Léa's letter is not printed.
            #expect(letters.visibleText.contains("Zoé Roux") && letters.visibleText.contains("zoe.roux"))
            #expect(!letters.visibleText.contains("Léa Martin"))
            let code = try #require(Self.codes(in: letters.text).first)
            #expect(Self.codes(in: letters.text).count == 1)
            // Stored only as a hash.
            let stored = try await app.services.storage.onboarding.pendingActivation(forLogin: "zoe.roux")
            #expect(stored?.codeHash?.hasPrefix("$2") == true && stored?.codeHash?.contains(code) == false)

            let (cookie, token, page) = try await Self.anonymous(app, "/activate")
            #expect(page.status == .ok)
            let headers: HTTPFields = [.cookie: cookie]
            let step = try await app.post("/activate", form: [("login", "Zoe.Roux"), ("code", code.uppercased())], csrf: token, headers: headers)
            #expect(step.status == .ok, "\(step.visibleText)")
            #expect(step.visibleText.contains("Bienvenue Zoé") && step.visibleText.contains("Charte d'utilisation"))

            // The charter must be accepted; a common password is refused; nothing changes meanwhile.
            let noCharter = try await app.post(
                "/activate/finish", form: [("login", "zoe.roux"), ("code", code), ("password", "Vélo-rouge-42"), ("confirmation", "Vélo-rouge-42")],
                csrf: token, headers: headers)
            #expect(noCharter.status == .unprocessableContent)
            #expect(noCharter.visibleText.contains("Cochez la case pour accepter la charte."))
            let weak = try await app.post(
                "/activate/finish",
                form: [("login", "zoe.roux"), ("code", code), ("charter", "1"), ("password", "azerty123"), ("confirmation", "azerty123")],
                csrf: token, headers: headers)
            #expect(weak.status == .unprocessableContent)
            #expect(weak.visibleText.contains("trop courant"))
            #expect(try await app.services.storage.identity.credentials(forLogin: "zoe.roux")?.passwordHash == "")

            let done = try await app.post(
                "/activate/finish",
                form: [("login", "zoe.roux"), ("code", code), ("charter", "1"), ("password", "Vélo-rouge-42"), ("confirmation", "Vélo-rouge-42"), ("remember", "1")],
                csrf: token, headers: headers)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/today")
            let session = try #require(SessionTests.sessionToken(done))
            let today = try await app.get("/today", headers: [.cookie: "cartable_session=\(session)"])
            #expect(today.status == .ok && today.visibleText.contains("Zoé Roux"))

            // The code worked once: the same code again is refused, and so is signing in with it.
            let again = try await app.post("/activate", form: [("login", "zoe.roux"), ("code", code)], csrf: token, headers: headers)
            #expect(again.status == .unauthorized)
            #expect(again.visibleText.contains("Identifiant ou code incorrect"))
            // Her password works now.
            #expect(try await SessionTests.signIn(app, login: "zoe.roux", password: "Vélo-rouge-42").status == .seeOther)
            #expect(zoe.role == .pupil)
        }
    }

    @Test func aWrongCodeSaysSoWithoutTellingWhetherTheLoginExistsAndIsThrottled() async throws {
        try await TestApp.run { (app) async throws in
            _ = try await Self.addPendingPupil(app)
            let (cookie, token, _) = try await Self.anonymous(app, "/activate")
            let headers: HTTPFields = [.cookie: cookie]
            let wrong = try await app.post("/activate", form: [("login", "zoe.roux"), ("code", "abcd-efgh")], csrf: token, headers: headers)
            let nobody = try await app.post("/activate", form: [("login", "personne.nulle"), ("code", "abcd-efgh")], csrf: token, headers: headers)
            #expect(wrong.status == .unauthorized && nobody.status == .unauthorized)
            #expect(wrong.visibleText.contains("Identifiant ou code incorrect"))
            #expect(nobody.visibleText.contains("Identifiant ou code incorrect"))
            // Tries on one login are throttled like sign-in.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 {
                statuses.append(try await app.post("/activate", form: [("login", "zoe.roux"), ("code", "abcd-efgh")], csrf: token, headers: headers).status)
            }
            #expect(statuses.contains(.tooManyRequests), "\(statuses)")
        }
    }

    @Test func anExpiredCodeIsRefusedAndANewLetterReplacesTheOldCode() async throws {
        try await TestApp.run { (app) async throws in
            _ = try await Self.addPendingPupil(app)
            let staff = try await app.session(for: app.world.staff)
            let first = try #require(Self.codes(in: try await Self.printLetters(app, staff, classID: app.world.classA.id).text).first)
            let second = try #require(Self.codes(in: try await Self.printLetters(app, staff, classID: app.world.classA.id).text).first)
            let (cookie, token, _) = try await Self.anonymous(app, "/activate")
            let headers: HTTPFields = [.cookie: cookie]
            #expect(try await app.post("/activate", form: [("login", "zoe.roux"), ("code", first)], csrf: token, headers: headers).status == .unauthorized)
            #expect(try await app.post("/activate", form: [("login", "zoe.roux"), ("code", second)], csrf: token, headers: headers).status == .ok)
            app.clock.advance(by: ActivationCode.defaultLifetime + 60)
            let expired = try await app.post("/activate", form: [("login", "zoe.roux"), ("code", second)], csrf: token, headers: headers)
            #expect(expired.status == .unauthorized)
            #expect(expired.visibleText.contains("n'est plus valable"))
        }
    }

    @Test func aTeacherPrintsHisClassesPupilsLettersOnly() async throws {
        try await TestApp.run { (app) async throws in
            _ = try await Self.addPendingPupil(app)
            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await Self.printLetters(app, teacher, classID: app.world.classA.id).status == .ok)
            #expect(try await Self.printLetters(app, teacher, classID: app.world.classA.id, who: "guardians").status == .notFound)
            #expect(try await Self.printLetters(app, try await app.session(for: app.world.teacherB), classID: app.world.classA.id).status == .notFound)
            #expect(try await Self.printLetters(app, try await app.session(for: app.world.staffX), classID: app.world.classA.id).status == .notFound)
        }
    }

    /// A multipart body with several files, as the import page's form sends it.
    static func uploadFiles(_ app: TestApp, _ files: [(name: String, bytes: [UInt8])], as session: TestSession) async throws -> TestResponse {
        let boundary = "----cartable-import-boundary"
        var body = ByteBuffer()
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: text/xml\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        let headers: HTTPFields = [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"]
        return try await app.client.execute(uri: "/school/import?_csrf=\(TestApp.encode(session.csrf))", method: .post, headers: headers, body: body)
    }

    static func sampleFiles(uai: String, pupils: Int) throws -> [(name: String, bytes: [UInt8])] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartable-web-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try SampleExports.college(uai: uai, pupils: pupils, seed: 7).write(to: folder).map { ($0.lastPathComponent, Array(try Data(contentsOf: $0))) }
    }

    @Test func staffPreviewThenApplyAnImportAndSeeItInTheHistory() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let files = try Self.sampleFiles(uai: app.world.school.uai, pupils: 56)
            let before = try await app.writtenState()
            let preview = try await Self.uploadFiles(app, files, as: staff)
            #expect(preview.status == .ok, "\(preview.visibleText.prefix(400))")
            #expect(preview.visibleText.contains("56 élève(s) à ajouter"), "\(preview.visibleText.prefix(600))")
            #expect(try await app.writtenState() == before, "a preview changes nothing")
            let token = try #require(preview.text.firstMatch(of: /name="token" value="([0-9a-f]{32})"/)?.1)
            let applied = try await app.post("/school/import/apply", form: [("token", String(token))], as: staff)
            #expect(applied.status == .seeOther)
            #expect(try await app.services.storage.onboarding.notActivated(in: app.world.school.id, role: .pupil, ofClass: nil).count == 56)
            let history = try await app.get("/school/import", as: staff)
            #expect(history.visibleText.contains("56 élève(s) à ajouter") && history.visibleText.contains("ElevesSansAdresses.xml"))
            // The token was spent: applying twice does nothing more.
            let twice = try await app.post("/school/import/apply", form: [("token", String(token))], as: staff)
            #expect(twice.status == .unprocessableContent)
            // The same files again: nothing to change.
            let again = try await Self.uploadFiles(app, files, as: staff)
            #expect(again.visibleText.contains("Rien à changer"))
            let audit = try await app.get("/school/audit", as: staff)
            #expect(audit.visibleText.contains("Import"))
        }
    }

    @Test func anotherSchoolsFileIsRefusedWithItsReasonAndNothingApplied() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let files = try Self.sampleFiles(uai: "0930002B", pupils: 28)
            let before = try await app.writtenState()
            let preview = try await Self.uploadFiles(app, files, as: staff)
            #expect(preview.status == .unprocessableContent)
            #expect(preview.visibleText.contains("celui d'un autre établissement (UAI 0930002B, pas 0750001A)"), "\(preview.visibleText.prefix(600))")
            #expect(!preview.text.contains("name=\"token\""))
            #expect(try await app.writtenState() == before)
            let junk = try await Self.uploadFiles(app, [("notes.txt", Array("bonjour".utf8))], as: staff)
            #expect(junk.status == .unprocessableContent)
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func staffChangeTheStructureAndEveryChangeIsInTheAuditLog() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let created = try await app.post("/school/classes", form: [("name", "6e C"), ("kind", "division"), ("level", "6e")], as: staff)
            #expect(created.status == .seeOther)
            let path = String(try #require(created.headers[.location]).prefix { $0 != "?" })
            let taken = try await app.post("/school/classes", form: [("name", "6e C"), ("kind", "division")], as: staff)
            #expect(taken.status == .conflict)
            let classID = try #require(SchoolClass.ID(validating: path.split(separator: "/").last ?? ""))
            // Léa moves to 6e C; her guardian still follows her; the teacher teaches there too.
            #expect(try await app.post(path, form: [("do", "move"), ("pupil", app.world.pupil.id.rawValue), ("to", classID.rawValue)], as: staff).status == .seeOther)
            let lea = try #require(try await app.services.storage.identity.viewer(for: app.world.pupil.id))
            #expect(lea.classIDs.contains(classID) && !lea.classIDs.contains(app.world.classA.id))
            #expect(lea.classIDs.contains(app.world.group.id), "groups stay")
            #expect(
                try await app.post(path, form: [("do", "teach"), ("teacher", app.world.teacherB.id.rawValue), ("subject", "Histoire")], as: staff).status
                    == .seeOther)
            #expect(try await app.services.storage.identity.viewer(for: app.world.teacherB.id)?.taughtClassIDs.contains(classID) == true)
            #expect(try await app.post(path, form: [("do", "unlink"), ("pupil", app.world.pupil.id.rawValue), ("guardian", "sophie.martin")], as: staff).status == .seeOther)
            #expect(try await app.services.storage.identity.viewer(for: app.world.guardian.id)?.children.isEmpty == true)
            // Another school's guardian cannot be linked.
            let other = try await app.post(path, form: [("do", "link"), ("pupil", app.world.pupil.id.rawValue), ("guardian", "karim.haddad")], as: staff)
            #expect(other.status == .unprocessableContent)
            #expect(try await app.post(path, form: [("do", "rename"), ("name", "6e Colibri")], as: staff).status == .seeOther)
            #expect(try await app.post(path, form: [("do", "close")], as: staff).status == .seeOther)
            let log = try await app.get("/school/audit", as: staff).visibleText
            for words in ["Classe créée", "Élève changé de classe", "Enseignement ajouté", "Parent délié", "Classe renommée", "Classe fermée"] {
                #expect(log.contains(words), "\(words)")
            }
            #expect(log.contains(app.world.staff.displayName))
        }
    }
}
