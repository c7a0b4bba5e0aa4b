import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Announcements with acknowledgements, and urgent banners, through the real application.
@Suite struct AnnouncementTests {
    static func publish(_ app: TestApp, _ session: TestSession, classes: [SchoolClass.ID], pupils: Bool = false, guardians: Bool = true,
        needsAck: Bool = true, title: String = "Sortie au musée", until: String = "2026-11-30") async throws -> TestResponse {
        var form: [(String, String)] = [("title", title), ("body", "Autorisation à signer avant mercredi."), ("from", "2026-11-23"), ("until", until)]
        form += classes.map { ("classes", $0.rawValue) }
        if pupils { form.append(("pupils", "1")) }
        if guardians { form.append(("guardians", "1")) }
        if needsAck { form.append(("needsAck", "1")) }
        return try await app.post("/announcements/new", form: form, as: session)
    }

    @Test func aTeachersAnnouncementIsAcknowledgedPerChildAndOnlyTheOthersAreReminded() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let published = try await Self.publish(app, teacher, classes: [app.world.classA.id])
            #expect(published.status == .seeOther, "\(published.visibleText)")
            let path = String(try #require(published.headers[.location]).prefix { $0 != "?" })

            let guardian = try await app.session(for: app.world.guardian)
            let today = try await app.get("/today", as: guardian)
            #expect(today.visibleText.contains("Sortie au musée") && today.text.contains("action=\"\(path)/ack\""), "on Aujourd'hui")
            #expect(!(try await app.get("/today", as: try await app.session(for: app.world.pupil)).visibleText.contains("Sortie au musée")), "parents only")
            #expect(try await app.get(path, as: try await app.session(for: app.world.pupilB)).status == .notFound, "another class")

            let follow = try await app.get(path, as: teacher).visibleText
            #expect(follow.contains("Ont confirmé : 0 · N'ont pas encore confirmé : 1") && follow.contains("\(app.world.guardian.displayName) (pour Léa)"), "\(follow)")

            // The pupil cannot say it for the family; another family's child cannot be named.
            let before = try await app.writtenState()
            #expect(try await app.post(path + "/ack", form: [("pupil", app.world.pupil.id.rawValue)], as: try await app.session(for: app.world.pupil)).status == .notFound)
            #expect(try await app.post(path + "/ack", form: [("pupil", app.world.pupilB.id.rawValue)], as: guardian).status == .notFound)
            #expect(try await app.writtenState() == before)

            #expect(try await app.post(path + "/ack", form: [("pupil", app.world.pupil.id.rawValue), ("back", "/today")], as: guardian).status == .seeOther)
            #expect(try await app.get("/today", as: guardian).visibleText.contains("Lu, c'est confirmé"))
            #expect(try await app.get(path, as: teacher).visibleText.contains("Ont confirmé : 1 · N'ont pas encore confirmé : 0"))
            // Nobody is left to remind: no message is sent.
            let reminded = try await app.post(path + "/remind", form: [], as: teacher)
            #expect(reminded.status == .seeOther && reminded.headers[.location]?.contains("count=0") == true)
        }
    }

    @Test func aReminderReachesOnlyThoseWhoHaveNotConfirmed() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            // The whole school, pupils and families.
            let published = try await Self.publish(app, staff, classes: [], pupils: true, guardians: true)
            let path = String(try #require(published.headers[.location]).prefix { $0 != "?" })
            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.post(path + "/ack", form: [], as: pupil).status == .seeOther)
            let reminded = try await app.post(path + "/remind", form: [], as: staff)
            #expect(reminded.headers[.location]?.contains("count=2") == true, "the guardian and pupilB: \(reminded.headers[.location] ?? "")")
            let messages = app.services.storage.messages
            #expect(try await messages.unreadCount(of: app.world.pupil.id, in: app.world.school.id) == 0, "she confirmed")
            #expect(try await messages.unreadCount(of: app.world.pupilB.id, in: app.world.school.id) == 1)
            #expect(try await messages.unreadCount(of: app.world.guardian.id, in: app.world.school.id) == 1)
            #expect(try await app.post(path + "/remind", form: [], as: try await app.session(for: app.world.teacher)).status == .notFound, "not theirs")
        }
    }

    @Test func badAnnouncementsAreRefusedAndWriteNothing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            #expect(try await Self.publish(app, teacher, classes: [app.world.classB.id]).status == .unprocessableContent, "a class not taught")
            #expect(try await Self.publish(app, teacher, classes: []).status == .unprocessableContent, "the whole school is staff's")
            #expect(try await Self.publish(app, teacher, classes: [app.world.classX.id]).status == .unprocessableContent, "another school's")
            #expect(try await Self.publish(app, teacher, classes: [app.world.classA.id], guardians: false).status == .unprocessableContent, "nobody")
            #expect(try await Self.publish(app, teacher, classes: [app.world.classA.id], title: "").status == .unprocessableContent)
            #expect(try await Self.publish(app, teacher, classes: [app.world.classA.id], until: "2026-11-20").status == .unprocessableContent)
            #expect(try await app.writtenState() == before)
            #expect(try await app.get("/announcements/new", as: try await app.session(for: app.world.pupil)).status == .notFound)
        }
    }

    @Test func anUrgentBannerIsOnEveryPageOfTheSchoolUntilItEnds() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let guardian = try await app.session(for: app.world.guardian)
            let first = try await app.get("/today", as: guardian)
            let etag = try #require(first.headers[.eTag])
            #expect(try await app.post("/banners", form: [("text", "Les classes virtuelles de 9h sont reportées à 9h30"), ("minutes", "30")], as: staff)
                .status == .seeOther)
            let after = try await app.get("/today", as: guardian, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok && after.visibleText.contains("Information urgente : Les classes virtuelles de 9h sont reportées à 9h30"))
            #expect(try await app.get("/timetable", as: try await app.session(for: app.world.teacher)).visibleText.contains("reportées à 9h30"))
            #expect(!(try await app.get("/today", as: try await app.session(for: app.world.pupilX)).visibleText.contains("reportées")), "another school")
            let before = try await app.writtenState()
            #expect(try await app.post("/banners", form: [("text", ""), ("minutes", "0")], as: staff).status == .unprocessableContent)
            #expect(try await app.writtenState() == before)
            app.clock.advance(by: 31 * 60)
            #expect(!(try await app.get("/today", as: guardian).visibleText.contains("reportées")), "over by the clock")

            // The platform's banner, from the operator, for every school; staff cannot take it down.
            try await app.services.storage.announcements.addBanner(
                Banner(id: .init(rawValue: "00000000-0000-4000-8000-700000000001"), schoolID: nil, text: "Maintenance ce soir à 22h",
                    startsAt: app.clock.now(), endsAt: app.clock.now().addingTimeInterval(3600), createdBy: nil))
            #expect(try await app.get("/today", as: try await app.session(for: app.world.pupilX)).visibleText.contains("Maintenance ce soir"))
            #expect(try await app.post("/banners/00000000-0000-4000-8000-700000000001/end", form: [], as: staff).status == .notFound)
        }
    }
}
