import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// What people see on the pages.
@Suite struct PageTests {
    @Test func aPupilSeesTheWorkDueGroupedByDay() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let page = try await app.get("/today", as: pupil)
            #expect(page.status == .ok)
            let text = page.visibleText
            #expect(text.contains("Nous sommes le lundi 23 novembre."))
            #expect(text.contains("Pour demain Mathématiques Claire Moreau · 4e B · environ 20 min Exercices 12 et 13 p. 98"))
            #expect(text.contains("Pour jeudi 26 novembre Espagnol"))
            #expect(!text.contains("Lire le chapitre 4"), "another class's work")
            #expect(!text.contains("Fiche n° 7"), "another school's work")
            #expect(page.text.contains("href=\"/entries/\(app.world.entryA.id)\""))
            // Kept by the browser only to be revalidated (ETag); signing out clears it.
            #expect(page.headers[.cacheControl] == "private, no-cache" && page.headers[.eTag] != nil)
            let signOut = try await app.post("/signout", form: [], as: pupil)
            #expect(signOut.headers[HTTPField.Name("Clear-Site-Data")!] == "\"cache\"")
        }
    }

    @Test func aGuardianSeesTheirChildOnly() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let page = try await app.get("/today", as: guardian)
            #expect(page.status == .ok)
            #expect(page.visibleText.contains("Exercices 12 et 13 p. 98"))
            #expect(!page.visibleText.contains("Lire le chapitre 4"))
            let notebook = try await app.get("/notebook?week=2026-11-16", as: guardian)
            #expect(notebook.visibleText.contains("Cahier de textes · Léa"))
            #expect(notebook.visibleText.contains("Vendredi 20 novembre"))
            #expect(notebook.visibleText.contains("Cours de Mathématiques."))
        }
    }

    @Test func aTeacherSeesTheirClassesAndWritesForSeveralAtOnce() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let classes = try await app.get("/classes", as: teacher)
            #expect(classes.visibleText.contains("4e B Mathématiques"))
            #expect(classes.visibleText.contains("Espagnol 4e Espagnol"))
            #expect(!classes.visibleText.contains("4e C"))
            let form = try await app.get("/entries/new?class=\(app.world.classA.id)", as: teacher)
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"\(app.world.classA.id)\" checked"))
            #expect(form.text.contains("value=\"2026-11-23\""), "the session date defaults to today")

            // Both of Claire's classes get the same entry; the subject must be taught in both, so use the API
            // with a subject each class has: post Espagnol to the group only, Mathématiques to 4e B with the form.
            let posted = try await app.post(
                "/entries",
                form: [
                    ("classID", app.world.classA.id.rawValue), ("subject", "Mathématiques"), ("sessionDate", "2026-11-23"),
                    ("done", "Théorème de Pythagore"), ("work", "Apprendre la leçon <b>par cœur</b>"), ("dueDate", "2026-11-23"),
                    ("linkTitle", "Vidéo"), ("linkURL", "https://www.lumni.fr/video/pythagore"), ("linkTitle", ""), ("linkURL", ""),
                ], as: teacher)
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers[.location])
            #expect(location.hasPrefix("/entries/") && location.hasSuffix("?notice=entryPublished"))
            let entry = try await app.get(location, as: teacher)
            #expect(entry.visibleText.contains("Entrée publiée."))
            #expect(entry.visibleText.contains("Modifier"))
            #expect(entry.text.contains("Apprendre la leçon &lt;b&gt;par cœur&lt;/b&gt;"), "user text is escaped")
            #expect(entry.text.contains("href=\"https://www.lumni.fr/video/pythagore\""))

            // The pupil sees it at once, due today.
            let pupil = try await app.session(for: app.world.pupil)
            let today = try await app.get("/today", as: pupil)
            #expect(today.visibleText.contains("Pour aujourd'hui Mathématiques"))
            #expect(today.visibleText.contains("Apprendre la leçon <b>par cœur</b>"))
            #expect(!today.text.contains("<b>par cœur</b>"))
        }
    }

    @Test func aTeacherChangesAndDeletesAnEntry() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let edit = try await app.get("/entries/\(app.world.entryA.id)/edit", as: teacher)
            #expect(edit.text.contains("Exercices 12 et 13 p. 98"))
            let saved = try await app.post(
                "/entries/\(app.world.entryA.id)",
                form: [
                    ("subject", "Mathématiques"), ("sessionDate", "2026-11-20"), ("done", "Cours"), ("work", "Exercices 14 à 16"),
                    ("dueDate", "2026-11-24"),
                ],
                as: teacher)
            #expect(saved.status == .seeOther)
            #expect(try await app.services.storage.notebook.entry(app.world.entryA.id, in: app.world.school.id)?.content.work == "Exercices 14 à 16")
            let deleted = try await app.post("/entries/\(app.world.entryA.id)/delete", form: [], as: teacher)
            #expect(deleted.status == .seeOther)
            #expect(try await app.services.storage.notebook.entry(app.world.entryA.id, in: app.world.school.id) == nil)
            #expect(try await app.get("/entries/\(app.world.entryA.id)", as: teacher).status == .notFound)
        }
    }

    @Test func staffSeeEveryClassAndManageAccounts() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let classes = try await app.get("/classes", as: staff)
            #expect(classes.visibleText.contains("Toutes les classes"))
            for name in ["4e B", "4e C", "Espagnol 4e"] { #expect(classes.visibleText.contains(name)) }
            #expect(!classes.visibleText.contains("3e A"))
            let search = try await app.get("/admin/accounts?q=mart", as: staff)
            #expect(search.visibleText.contains("Martin Léa"))
            #expect(search.visibleText.contains("Martin Sophie"))
            #expect(!search.visibleText.contains("Haddad"))
            let created = try await app.post(
                "/admin/accounts",
                form: [("firstName", "Nina"), ("lastName", "Roux"), ("login", "nina.roux"), ("role", "teacher"), ("password", "bienvenue-2026")],
                as: staff)
            #expect(created.status == .seeOther)
            let account = try await app.get(try #require(created.headers[.location]), as: staff)
            #expect(account.visibleText.contains("Compte créé."))
            #expect(account.visibleText.contains("nina.roux · Professeur"))
        }
    }

    @Test func theInterfaceSpeaksEnglishWhenAsked() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let english = try await app.get("/today", as: pupil, headers: [.acceptLanguage: "en-GB,en;q=0.9,fr;q=0.5"])
            #expect(english.visibleText.contains("Today is Monday 23 November."))
            #expect(english.text.contains("<html lang=\"en\">"))
            let french = try await app.get("/today", as: pupil, headers: [.acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.8"])
            #expect(french.visibleText.contains("Nous sommes le lundi 23 novembre."))
            // The footer's button sets a cookie that wins over the header.
            let switched = try await app.post("/settings/language", form: [("lang", "en"), ("back", "/today")], as: pupil)
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/today")
            let cookie = try #require(switched.setCookie("cartable_lang")?.split(separator: ";").first)
            let chosen = try await app.get("/today", headers: [.cookie: "\(pupil.cookie); \(cookie)", .acceptLanguage: "fr"])
            #expect(chosen.visibleText.contains("Today is Monday"))
            let unsafe = try await app.post("/settings/language", form: [("lang", "en"), ("back", "//evil.example/")], as: pupil)
            #expect(unsafe.headers[.location] == "/")
        }
    }

    @Test func everyCatalogueKeyUsedExistsInBothLanguages() throws {
        let resources = try #require(ViewRenderer.resourcesURL)
        let templates = try ViewRenderer.Template.allCases.map { template -> String in
            try String(contentsOf: resources.appendingPathComponent("Templates/\(template.rawValue).mustache"), encoding: .utf8)
        }
        let regex = try NSRegularExpression(pattern: #"\{\{[#^/]?t\.([A-Za-z0-9]+)\}\}"#)
        var keys: Set<String> = []
        for text in templates {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(keys.count > 40)
        let french = Catalogue.table(for: .fr)
        let english = Catalogue.table(for: .en)
        for key in keys {
            #expect(french[key] != nil, "\(key) missing in French")
            #expect(english[key] != nil, "\(key) missing in English")
        }
        #expect(Set(Catalogue.messages.map(\.key)).count == Catalogue.messages.count, "a key is defined twice")
        for message in Catalogue.messages {
            #expect(!message.fr.isEmpty && !message.en.isEmpty, "\(message.key)")
        }
    }

    @Test func everyPrintedLinkHasARoute() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let teacher = try await app.session(for: world.teacher)
            let staff = try await app.session(for: world.staff)
            let pupil = try await app.session(for: world.pupil)
            let gets: [(Route, TestSession)] = [
                (.home, pupil), (.signIn(next: "/today"), pupil), (.today(pupil: nil), pupil), (.today(pupil: world.pupil.id), pupil),
                (.pupilNotebook(pupil: nil, week: LocalDate(iso: "2026-11-16")), pupil), (.classes, teacher),
                (.classNotebook(world.classA.id, week: nil), teacher), (.newEntry(classID: world.classA.id), teacher),
                (.entry(world.entryA.id), teacher),
                (.editEntry(world.entryA.id), teacher), (.devices, pupil), (.accounts(search: "Léa Martin", role: .pupil, page: 2), staff),
                (.newAccount, staff), (.account(world.pupil.id), staff),
            ]
            for (route, session) in gets {
                let response = try await app.get(route.href, as: session)
                #expect([.ok, .seeOther].contains(response.status), "\(route.href): \(response.status)")
            }
            let posts: [(Route, TestSession, [(String, String)])] = [
                (.updateEntry(world.entryA.id), teacher, []), (.createEntry, teacher, []), (.accountPassword(world.pupil.id), staff, []),
                (.createAccount, staff, []), (.language, pupil, [("lang", "fr")]), (.revokeOtherDevices, pupil, []),
                (.enableAccount(world.pupilB.id), staff, []), (.disableAccount(world.pupilB.id), staff, []),
                (.deleteEntry(world.entryA.id), teacher, []),
                (.signOut, pupil, []),
            ]
            for (route, session, form) in posts {
                let response = try await app.post(route.href, form: form, as: session)
                #expect([.ok, .seeOther, .unprocessableContent].contains(response.status), "POST \(route.href): \(response.status)")
            }
        }
    }

    @Test func unknownPagesAnswerAFriendly404() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            for path in ["/nowhere", "/entries/pas-un-id", "/entries/00000000-0000-4000-8000-999999999999", "/classes/x/notebook"] {
                let response = try await app.get(path, as: pupil)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.visibleText.contains("Page introuvable"))
                #expect(response.visibleText.contains("Léa Martin"), "the menu is still there")
            }
            let api = try await app.json(.get, "/api/v1/entries/00000000-0000-4000-8000-999999999999", as: pupil)
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
            let unknownAPI = try await app.get("/api/v1/nothing-here", as: pupil)
            #expect(unknownAPI.status == .notFound && unknownAPI.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    /// A known path asked with a method it does not take falls through every group: the router's own 404,
    /// in the format the client asks for, since no route says which it is.
    @Test func aMethodAPathDoesNotTakeAnswers404AsTheClientAccepts() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let browser = try await app.client.execute(
                uri: "/today", method: .delete, headers: [.cookie: pupil.cookie, .accept: "text/html,application/xhtml+xml"])
            #expect(browser.status == .notFound && browser.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: browser.body).contains("Page introuvable"))
            let client = try await app.client.execute(uri: "/api/v1/me", method: .delete, headers: [.cookie: pupil.cookie])
            #expect(client.status == .notFound && client.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await TestApp.run { (app) async throws in
            for path in ["/signin", "/nowhere", "/healthz", "/api/v1/me"] {
                let response = try await app.get(path)
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true, "\(path)")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
        }
    }

    @Test func healthAndReadiness() async throws {
        try await TestApp.run { (app) async throws in
            #expect(try await app.get("/healthz").text == "ok\n")
            #expect(try await app.get("/readyz").status == .ok)
        }
    }

    @Test func theStylesheetIsFingerprintedImmutableAndSmall() async throws {
        try await TestApp.run { (app) async throws in
            let page = try await app.get("/signin")
            let path = app.services.views.stylesheet.path
            #expect(page.text.contains("href=\"\(path)\""))
            #expect(path.range(of: #"^/static/app\.[0-9a-f]{12}\.css$"#, options: .regularExpression) != nil)
            let css = try await app.get(path)
            #expect(css.status == .ok)
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let revalidated = try await app.get(path, headers: [.ifNoneMatch: try #require(css.headers[.eTag])])
            #expect(revalidated.status == .notModified)
            #expect(css.body.readableBytes < 8 * 1024)
        }
    }

    @Test func theTodayPageIsLight() async throws {
        try await TestApp.run { (app) async throws in
            // A heavy week: 30 entries due in the next days for the pupil's class.
            let teacher = try await app.session(for: app.world.teacher)
            for index in 0..<30 {
                let body =
                    #"{"subject":"Mathématiques","sessionDate":"2026-11-23","done":"Cours \#(index)","work":"Exercices \#(index) à \#(index + 3) p. \#(100 + index), puis relire la leçon et préparer les questions.","dueDate":"2026-11-2\#(4 + index % 5)","estimatedMinutes":30,"links":[{"title":"Exercices en ligne","url":"https://fr.khanacademy.org/math/\#(index)"}]}"#
                #expect(try await app.json(.post, "/api/v1/classes/\(app.world.classA.id)/entries", body: body, as: teacher).status == .created)
            }
            let pupil = try await app.session(for: app.world.pupil)
            let page = try await app.get("/today", as: pupil)
            let css = try await app.get(app.services.views.stylesheet.path)
            let total = page.body.readableBytes + css.body.readableBytes
            #expect(total < 30 * 1024, "\(page.body.readableBytes) + \(css.body.readableBytes) bytes")
        }
    }

    @Test func staticFilesAreImmutableAndPrecompressed() async throws {
        try await TestApp.run { (app) async throws in
            for asset in [app.services.views.stylesheet, app.services.views.script] {
                let plain = try await app.get(asset.path)
                #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
                #expect(plain.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(plain.body == asset.bytes)
                let compressed = try await app.get(asset.path, headers: [.acceptEncoding: "gzip, deflate, br"])
                #expect(compressed.headers[.contentEncoding] == "gzip" && compressed.headers[.vary] == "Accept-Encoding")
                #expect(Array(compressed.body.readableBytesView.prefix(2)) == [0x1F, 0x8B])
                #expect(compressed.body.readableBytes * 2 < asset.bytes.readableBytes)
                let revalidated = try await app.get(asset.path, headers: [.ifNoneMatch: asset.etag])
                #expect(revalidated.status == .notModified && revalidated.body.readableBytes == 0)
            }
            let worker = try await app.get("/sw.js")
            #expect(worker.status == .ok && worker.headers[.cacheControl] == "no-cache")
            let manifest = try await app.get("/static/manifest.webmanifest")
            #expect(manifest.headers[.contentType] == "application/manifest+json")
        }
    }
}
