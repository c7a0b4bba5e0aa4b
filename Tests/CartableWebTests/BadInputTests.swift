import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every refused request says what is wrong, in French, and writes nothing.
@Suite struct BadInputTests {
    static let good: [String: String] = [
        "subject": "Mathématiques", "sessionDate": "2026-11-23", "done": "Cours", "work": "Exercice 1", "dueDate": "2026-11-24",
        "estimatedMinutes": "20",
    ]

    static func form(_ changes: [String: String], classIDs: [String]) -> [(String, String)] {
        var fields = good
        for (key, value) in changes { fields[key] = value }
        return classIDs.map { ("classID", $0) } + fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// (what is changed, field, French message expected next to it)
    static let cases: [([String: String], String, String)] = [
        (["subject": ""], "subject", "Ce champ est obligatoire."),
        (["sessionDate": ""], "sessionDate", "Ce champ est obligatoire."),
        (["sessionDate": "2026-02-30"], "sessionDate", "Date non valide"),
        (["sessionDate": "2031-01-01"], "sessionDate", "trop loin"),
        (["dueDate": "2026-11-20"], "dueDate", "La date à rendre ne peut pas être avant la séance."),
        (["dueDate": ""], "dueDate", "Ce champ est obligatoire."),
        (["done": "", "work": "", "dueDate": ""], "done", "Écrivez ce qui a été fait en classe ou le travail à faire."),
        (["estimatedMinutes": "700"], "estimatedMinutes", "Un nombre entier entre 1 et 600."),
        (["estimatedMinutes": "vingt"], "estimatedMinutes", "Un nombre entier entre 1 et 600."),
        (["work": String(repeating: "a", count: 10_001)], "work", "Pas plus de 10 000 caractères."),
        (["subject": "Français"], "subject", "Vous n'enseignez pas cette matière"),
    ]

    @Test(arguments: cases.indices)
    func aBadEntryFormIsShownAgainWithTheProblemAndNothingIsWritten(index: Int) async throws {
        let (changes, field, message) = Self.cases[index]
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.entryCount()
            let response = try await app.post("/entries", form: Self.form(changes, classIDs: [app.world.classA.id.rawValue]), as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("Rien n'a été enregistré."))
            #expect(response.visibleText.contains(message), "\(field): \(message)")
            #expect(response.text.contains("id=\"\(field)\"") || field == "done")
            #expect(try await app.entryCount() == before)
            // What was typed is kept.
            if let done = changes["done"] ?? Self.good["done"], !done.isEmpty { #expect(response.text.contains(done)) }
        }
    }

    @Test func aLinkThatIsNotAWebAddressIsRefused() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let fields = Self.form([:], classIDs: [app.world.classA.id.rawValue]) + [("linkTitle", "Piège"), ("linkURL", "javascript:alert(1)")]
            let response = try await app.post("/entries", form: fields, as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("Adresse non valide"))
            #expect(try await app.entryCount() == app.world.entries.count)
        }
    }

    @Test func noClassTickedIsExplained() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let response = try await app.post("/entries", form: Self.form([:], classIDs: []), as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("Cochez au moins une classe."))
            #expect(try await app.entryCount() == app.world.entries.count)
        }
    }

    @Test func oneForeignClassAmongSeveralRefusesTheWholePost() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            for foreign in [app.world.classB.id.rawValue, app.world.classX.id.rawValue, "00000000-0000-4000-8000-999999999999", "pas-un-id"] {
                let response = try await app.post("/entries", form: Self.form([:], classIDs: [app.world.classA.id.rawValue, foreign]), as: teacher)
                #expect(response.status == .notFound)
                #expect(try await app.entryCount() == app.world.entries.count)
            }
        }
    }

    @Test func postingToSeveralClassesWritesOneEntryPerClass() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let response = try await app.post(
                "/entries", form: Self.form(["subject": "Espagnol"], classIDs: [app.world.group.id.rawValue]), as: teacher)
            #expect(response.status == .seeOther)
            #expect(try await app.entryCount() == app.world.entries.count + 1)
        }
    }

    @Test func aBadEditLeavesTheEntryAsItWas() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let response = try await app.post(
                "/entries/\(app.world.entryA.id)", form: Self.form(["dueDate": "2026-11-01", "work": "Changé"], classIDs: []), as: teacher)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("La date à rendre ne peut pas être avant la séance."))
            let stored = try await app.services.storage.notebook.entry(app.world.entryA.id, in: app.world.school.id)
            #expect(stored == app.world.entryA)
        }
    }

    @Test func aTooLargeBodyIsRefusedWithAClearMessage() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let huge = String(repeating: "x", count: 300 * 1024)
            let response = try await app.post("/entries", form: Self.form(["done": huge], classIDs: [app.world.classA.id.rawValue]), as: teacher)
            #expect(response.status == .contentTooLarge)
            #expect(response.visibleText.contains("Ce que vous avez envoyé est trop gros."))
            #expect(try await app.entryCount() == app.world.entries.count)
            let api = try await app.json(
                .post, "/api/v1/classes/\(app.world.classA.id)/entries", body: #"{"subject":"Mathématiques","done":"\#(huge)"}"#, as: teacher)
            #expect(api.status == .contentTooLarge)
            #expect(try await app.entryCount() == app.world.entries.count)
        }
    }

    // MARK: CSRF

    @Test func aFormWithoutTheRightTokenIsRefused() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let other = try await app.session(for: app.world.teacherB)
            let fields = Self.form([:], classIDs: [app.world.classA.id.rawValue])
            for token in ["", "faux", other.csrf] {
                let response = try await app.post("/entries", form: fields, as: teacher, csrf: token)
                #expect(response.status == .forbidden)
                #expect(response.visibleText.contains("Ce formulaire a expiré."))
            }
            var headers = HTTPFields()
            headers[.cookie] = teacher.cookie
            headers[.contentType] = "application/x-www-form-urlencoded"
            let bare = try await app.client.execute(
                uri: "/entries/\(app.world.entryA.id)/delete", method: .post, headers: headers, body: nil)
            #expect(bare.status == .forbidden)
            #expect(try await app.entryCount() == app.world.entries.count)
            #expect(try await app.post("/signout", form: [], as: teacher, csrf: "faux").status == .forbidden)
            #expect(try await app.get("/classes", as: teacher).status == .ok, "still signed in")
        }
    }

    @Test func theSignInFormNeedsItsToken() async throws {
        try await TestApp.run { (app) async throws in
            let response = try await app.post("/signin", form: [("login", "lea.martin"), ("password", World.password)])
            #expect(response.status == .forbidden)
            #expect(response.setCookie("cartable_session") == nil)
        }
    }

    @Test func theAPIRefusesWritesThatABrowserFormCouldForge() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let body = #"{"subject":"Mathématiques","sessionDate":"2026-11-23","done":"Cours"}"#
            let asForm = try await app.json(
                .post, "/api/v1/classes/\(app.world.classA.id)/entries", body: body, as: teacher, headers: [.contentType: "text/plain"])
            #expect(asForm.status == .forbidden)
            let crossSite = try await app.json(
                .post, "/api/v1/classes/\(app.world.classA.id)/entries", body: body, as: teacher, headers: [.origin: "https://evil.example"])
            #expect(crossSite.status == .forbidden)
            #expect(try await app.entryCount() == app.world.entries.count)
        }
    }

    // MARK: The API

    @Test func theAPIExplainsEachBadFieldAndWritesNothing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let path = "/api/v1/classes/\(app.world.classA.id)/entries"
            let response = try await app.json(
                .post, path, body: #"{"subject":"","sessionDate":"2026-11-23","work":"x","dueDate":"2026-11-01","estimatedMinutes":0}"#, as: teacher)
            #expect(response.status == .unprocessableContent)
            struct Body: Decodable {
                struct Detail: Decodable {
                    struct Field: Decodable {
                        var field: String
                        var message: String
                    }
                    var code: String
                    var message: String
                    var fields: [Field]?
                }
                var error: Detail
            }
            let body = try response.decode(Body.self)
            #expect(body.error.code == "validation_failed")
            #expect(body.error.fields?.map(\.field) == ["subject", "dueDate", "estimatedMinutes"])
            #expect(body.error.fields?.first { $0.field == "dueDate" }?.message == "La date à rendre ne peut pas être avant la séance.")
            #expect(try await app.json(.post, path, body: "{not json", as: teacher).status == .badRequest)
            #expect(try await app.json(.post, path, body: #"{"subject":42}"#, as: teacher).status == .badRequest)
            #expect(
                try await app.json(
                    .post, path,
                    body: #"{"subject":"Mathématiques","sessionDate":"2026-11-23","done":"x","otherClassIds":["\#(app.world.classX.id)"]}"#,
                    as: teacher
                ).status == .notFound)
            // The spelling before the API had one casing is still read, not ignored (which would post to one class).
            #expect(
                try await app.json(
                    .post, path,
                    body: #"{"subject":"Mathématiques","sessionDate":"2026-11-23","done":"x","otherClassIDs":["\#(app.world.classX.id)"]}"#,
                    as: teacher
                ).status == .notFound)
            #expect(try await app.entryCount() == app.world.entries.count)
            let english = try await app.json(
                .post, path, body: #"{"subject":"","sessionDate":"2026-11-23","done":"x"}"#, as: teacher, headers: [.acceptLanguage: "en-GB,en;q=0.9"]
            )
            #expect(try english.decode(Body.self).error.fields?.first?.message == "This field is required.")
        }
    }

    @Test func listingEntriesRefusesBadDates() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let path = "/api/v1/classes/\(app.world.classA.id)/entries"
            #expect(try await app.json(.get, path + "?from=2026-11-16&to=2026-11-22", as: pupil).status == .ok)
            #expect(try await app.json(.get, path + "?from=hier", as: pupil).status == .unprocessableContent)
            #expect(try await app.json(.get, path + "?from=2026-11-22&to=2026-11-16", as: pupil).status == .unprocessableContent)
            #expect(try await app.json(.get, path + "?from=2026-01-01&to=2026-12-31", as: pupil).status == .unprocessableContent)
        }
    }

    // MARK: Accounts

    @Test func aBadAccountIsRefusedFieldByField() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.userCount()
            let taken = try await app.post(
                "/admin/accounts",
                form: [("firstName", "Léa"), ("lastName", "Bis"), ("login", "LEA.MARTIN"), ("role", "pupil"), ("password", "assez-long")],
                as: staff)
            #expect(taken.status == .unprocessableContent)
            #expect(taken.visibleText.contains("Cet identifiant est déjà pris."))
            let bad = try await app.post(
                "/admin/accounts", form: [("firstName", ""), ("lastName", "X"), ("login", "é!"), ("role", "roi"), ("password", "court")], as: staff)
            #expect(bad.status == .unprocessableContent)
            for message in ["Ce champ est obligatoire.", "Au moins 3 caractères.", "Choisissez une des propositions.", "Au moins 8 caractères."] {
                #expect(bad.visibleText.contains(message), "\(message)")
            }
            #expect(try await app.userCount() == before)
            let api = try await app.json(
                .post, "/api/v1/accounts", body: #"{"login":"lea.martin","firstName":"A","lastName":"B","role":"pupil","password":"assez-long"}"#,
                as: staff)
            #expect(api.status == .unprocessableContent)
            #expect(try await app.userCount() == before)
        }
    }

    @Test func aTooShortPasswordChangesNothing() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let pupil = try await app.session(for: app.world.pupil)
            let before = try await app.services.storage.identity.credentials(forLogin: "lea.martin")?.passwordHash
            let response = try await app.post("/admin/accounts/\(app.world.pupil.id)/password", form: [("password", "court")], as: staff)
            #expect(response.status == .unprocessableContent)
            #expect(response.visibleText.contains("Au moins 8 caractères."))
            #expect(try await app.services.storage.identity.credentials(forLogin: "lea.martin")?.passwordHash == before)
            #expect(try await app.get("/today", as: pupil).status == .ok, "not signed out")
            #expect(
                try await app.post("/admin/accounts/\(app.world.pupil.id)/password", form: [("password", "nouveau-mdp")], as: staff).status
                    == .seeOther)
            #expect(try await app.get("/today", as: pupil).status == .seeOther, "a new password signs the person out everywhere")
        }
    }
}
