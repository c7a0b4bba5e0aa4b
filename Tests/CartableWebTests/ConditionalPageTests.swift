import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Pages read thousands of times at 9:00 carry an ETag made from content versions; a write anywhere
/// in their content changes it at once on this node, and within a second on the others.
@Suite struct ConditionalPageTests {
    func revalidate(_ app: TestApp, _ path: String, as session: TestSession, etag: String) async throws -> TestResponse {
        try await app.get(path, as: session, headers: [.ifNoneMatch: etag])
    }

    @Test func anUnchangedPageIsAnswered304AndAWriteChangesIt() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let first = try await app.get("/today", as: pupil)
            #expect(first.status == .ok && first.headers[.cacheControl] == "private, no-cache")
            let etag = try #require(first.headers[.eTag])
            let again = try await revalidate(app, "/today", as: pupil, etag: etag)
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            // The teacher posts to the pupil's class: the page changes at once.
            let teacher = try await app.session(for: app.world.teacher)
            let posted = try await app.post("/entries", form: [("classID", app.world.classA.id.rawValue)] + AccessMatrixTests.entryForm, as: teacher)
            #expect(posted.status == .seeOther)
            let changed = try await revalidate(app, "/today", as: pupil, etag: etag)
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
            // Another class's change does not touch it.
            let etag2 = try #require(changed.headers[.eTag])
            let teacherB = try await app.session(for: app.world.teacherB)
            _ = try await app.upload("/classes/\(app.world.classB.id)/documents", fileName: "b.pdf", bytes: TestApp.documentBytes, as: teacherB)
            #expect(try await revalidate(app, "/today", as: pupil, etag: etag2).status == .notModified)
            // The pupil's own work changing state changes it too.
            _ = try await app.json(.put, "/api/v1/assignments/\(app.world.assignmentA.id)/draft", body: #"{"text":"début","revision":1}"#, as: pupil)
            #expect(try await revalidate(app, "/today", as: pupil, etag: etag2).status == .ok)
        }
    }

    @Test func aPageIsRenderedOncePerVersionThenServedFromMemory() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let path = "/classes/\(app.world.classA.id)/documents"
            let first = try await app.get(path, as: pupil)
            let name = try #require(first.text.firstMatch(of: /[A-Za-z0-9_-]+\.pdf/)).output
            // Behind the application's back (no new version): the kept page is what the pupil gets.
            try await app.services.storage.database.write { connection in
                try await connection.execute("UPDATE documents SET name = 'renomme.pdf' WHERE class_id = \(app.world.classA.id)")
            }
            let second = try await app.get(path, as: pupil)
            #expect(second.status == .ok && second.text == first.text && second.headers[.eTag] == first.headers[.eTag])
            // A write through the application makes a new version: the page is rendered again, from the database.
            let teacher = try await app.session(for: app.world.teacher)
            let added = try await app.upload(path, fileName: "nouveau.pdf", bytes: TestApp.documentBytes, as: teacher)
            #expect(added.status == .seeOther)
            let third = try await app.get(path, as: pupil)
            #expect(third.text.contains("renomme.pdf") && third.text.contains("nouveau.pdf") && !third.text.contains(String(name)))
        }
    }

    @Test func theTagBelongsToOnePersonAndOneSession() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let otherDevice = try await app.session(for: app.world.pupil)
            let etag = try #require(try await app.get("/notebook", as: pupil).headers[.eTag])
            #expect(try await revalidate(app, "/notebook", as: pupil, etag: etag).status == .notModified)
            #expect(try await revalidate(app, "/notebook", as: otherDevice, etag: etag).status == .ok)
            let guardian = try await app.session(for: app.world.guardian)
            #expect(try await revalidate(app, "/notebook", as: guardian, etag: etag).status == .ok)
        }
    }

    @Test func anotherNodesWriteIsSeenOnceTheVersionsAreRead() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let path = "/classes/\(app.world.classA.id)/documents"
            let etag = try #require(try await app.get(path, as: pupil).headers[.eTag])
            // Another node (its own stores, its own memory) adds a document to 4e B.
            let otherNode = Storage(database: app.services.storage.database)
            let file = StoredFile(key: String(repeating: "c", count: 64), name: "autre.pdf", kind: .pdf, size: 10)
            try await otherNode.documents.addDocument(
                Document(
                    id: .make(using: RandomIdentifierGenerator()), schoolID: app.world.school.id, classID: app.world.classA.id, entryID: nil,
                    folder: "", file: file, uploadedBy: app.world.teacher.id, createdAt: app.clock.now()))
            // The poller reads the versions every second (it may already have run: this node's memory
            // was not told of the write, so only the shared table can have carried it); here, by hand.
            try await app.services.storage.versions.refresh(from: app.services.storage.database)
            let fresh = try await revalidate(app, path, as: pupil, etag: etag)
            #expect(fresh.status == .ok && fresh.text.contains("autre.pdf"))
        }
    }
}

/// What every pupil of a class reads is read once per version of the class, then from memory.
@Suite struct ClassReadCacheTests {
    @Test func aClassIsReadOnceThenFromMemoryUntilItChanges() async throws {
        try await TestApp.run { (app) async throws in
            let cache = app.services.classReads
            let storage = app.services.storage
            let world = app.world
            let school = world.school.id
            let range = LocalDate(iso: "2026-11-23")!...LocalDate(iso: "2026-11-29")!
            let classes: Set = [world.classA.id, world.group.id]
            let first = try await cache.entries(of: classes, in: school, kind: .due, range: range, storage: storage)
            #expect(first.map(\.id).contains(world.entryA.id))
            // The same as the database gives, in the same order.
            let stored = try await storage.notebook.entries(of: classes, in: school, dueDates: range)
            #expect(first.map(\.id) == stored.map(\.id))
            _ = try await cache.entry(world.entryA.id, in: school, storage: storage)
            _ = try await cache.entry(world.entryA.id, in: school, storage: storage)
            _ = try await cache.extras(of: [world.entryA], in: school, storage: storage)
            // A change behind the application's back (no version bump) is not seen: served from memory.
            try await storage.database.write {
                try await $0.execute("UPDATE notebook_entries SET work = 'en douce' WHERE id = \(world.entryA.id)")
                try await $0.execute("UPDATE assignments SET instructions = 'en douce' WHERE id = \(world.assignmentA.id)")
            }
            let again = try await cache.entries(of: classes, in: school, kind: .due, range: range, storage: storage)
            #expect(again.first { $0.id == world.entryA.id }?.content.work == world.entryA.content.work)
            #expect(try await cache.entry(world.entryA.id, in: school, storage: storage)?.content.work == world.entryA.content.work)
            #expect(
                try await cache.extras(of: [world.entryA], in: school, storage: storage)[world.entryA.id]?.assignment?.settings.instructions
                    != "en douce")
            // Another school never gets it from memory.
            #expect(try await cache.entry(world.entryA.id, in: world.otherSchool.id, storage: storage) == nil)
            #expect(try await cache.entries(of: classes, in: world.otherSchool.id, kind: .due, range: range, storage: storage).isEmpty)
            // Another class's change leaves it in memory.
            let teacherB = try await app.session(for: world.teacherB)
            _ = try await app.upload("/classes/\(world.classB.id)/documents", fileName: "b.pdf", bytes: TestApp.documentBytes, as: teacherB)
            #expect(try await cache.entry(world.entryA.id, in: school, storage: storage)?.content.work == world.entryA.content.work)
            // A document added to the class through the application bumps its version: everything is read again.
            let teacher = try await app.session(for: world.teacher)
            let upload = try await app.upload("/classes/\(world.classA.id)/documents", fileName: "a.pdf", bytes: TestApp.documentBytes, as: teacher)
            #expect(upload.status.code < 400)
            let fresh = try await cache.entries(of: classes, in: school, kind: .due, range: range, storage: storage)
            #expect(fresh.first { $0.id == world.entryA.id }?.content.work == "en douce")
            #expect(try await cache.entry(world.entryA.id, in: school, storage: storage)?.content.work == "en douce")
            #expect(
                try await cache.extras(of: [world.entryA], in: school, storage: storage)[world.entryA.id]?.assignment?.settings.instructions
                    == "en douce")
            // And the pupil's page shows it.
            let pupil = try await app.session(for: world.pupil)
            #expect(try await app.get("/today", as: pupil).text.contains("en douce"))
        }
    }
}

extension ClassReadCacheTests {
    /// Several nodes on one database: another node's change to a class reaches this node's memory
    /// as soon as the versions are read (every second), and the pupil's page shows it.
    @Test func anotherNodesChangeToTheNotebookIsSeenOnceTheVersionsAreRead() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let pupil = try await app.session(for: world.pupil)
            #expect(try await app.get("/today", as: pupil).text.contains(world.entryA.content.work))
            // Another node (its own stores, its own memory) changes the entry.
            let otherNode = Storage(database: app.services.storage.database)
            var content = world.entryA.content
            content.work = "Exercices 20 à 22 p. 101"
            _ = try await otherNode.notebook.updateEntry(world.entryA.id, in: world.school.id, content: content, at: app.clock.now())
            // Until this node reads the versions, its memory is all it has; the poller does it every second, here by hand.
            try await app.services.storage.versions.refresh(from: app.services.storage.database)
            let page = try await app.get("/today", as: pupil).text
            #expect(page.contains("Exercices 20 à 22 p. 101") && !page.contains(world.entryA.content.work))
            #expect(try await app.get("/entries/\(world.entryA.id)", as: pupil).text.contains("Exercices 20 à 22 p. 101"))
        }
    }
}

/// A card's shared part is rendered once per content and language, escaped, and never stale.
@Suite struct CardHeadsTests {
    @Test func aCardIsRenderedOncePerContentAndEscaped() async throws {
        try await TestApp.run { (app) async throws in
            let heads = CardHeads(views: app.services.views)
            let t = Localizer(.fr)
            var entry = app.world.entryA
            entry.content.work = "<script>alert(1)</script> & co"
            let first = heads.html(for: entry, documents: [], forToday: true, t: t)
            #expect(first.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co") && !first.contains("<script>"))
            #expect(heads.html(for: entry, documents: [], forToday: true, t: t) == first)
            #expect(heads.count == 1, "the same content is not rendered again")
            entry.content.work = "Exercice 14"
            let changed = heads.html(for: entry, documents: [], forToday: true, t: t)
            #expect(changed.contains("Exercice 14") && heads.count == 2)
            _ = heads.html(for: entry, documents: [], forToday: false, t: t)
            _ = heads.html(for: entry, documents: [], forToday: true, t: Localizer(.en))
            #expect(heads.count == 4, "another page kind or language is another card")
            // The pupil's page: the shared part, then her own badge, in one card.
            let pupil = try await app.session(for: app.world.pupil)
            let page = try await app.get("/today", as: pupil).text
            let card = try #require(page.range(of: "<h3>Mathématiques</h3>").map { page[$0.lowerBound...] })
            let end = try #require(card.range(of: "</article>"))
            let html = String(card[..<end.lowerBound])
            #expect(html.contains(app.world.entryA.content.work) && html.contains("class=\"badge"))
            #expect(html.contains("href=\"/work/\(app.world.assignmentA.id)\""))
        }
    }
}
