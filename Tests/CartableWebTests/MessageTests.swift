import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Messages through the real application: writing, reading, replying, the rules, the switch, and bad input.
@Suite struct MessageTests {
    static func send(
        _ app: TestApp, _ session: TestSession, to people: [User], lists: [String] = [], subject: String = "Sortie jeudi",
        body: String = "Bonjour, la sortie est jeudi.", noReply: Bool = false
    ) async throws -> TestResponse {
        var form: [(String, String)] = people.map { ("to", $0.id.rawValue) } + lists.map { ("list", $0) }
        form += [("subject", subject), ("body", body), ("action", "send")]
        if noReply { form.append(("noReply", "1")) }
        return try await app.post("/messages/new", form: form, as: session)
    }

    static func threadPath(_ response: TestResponse) throws -> String {
        let location = try #require(response.headers[.location])
        return String(location.prefix { $0 != "?" })
    }

    /// The unread count in the menu, `nil` when there is none.
    static func badge(_ page: TestResponse) -> String? {
        guard let range = page.text.range(of: "<span class=\"badge\" title=\"") else { return nil }
        let rest = page.text[range.upperBound...]
        guard let close = rest.range(of: "\">") else { return nil }
        let after = rest[close.upperBound...]
        return String(after.prefix { $0 != "<" })
    }

    @Test func aTeacherWritesToAGuardianWhoSeesTheCountReadsAndReplies() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let form = try await app.get("/messages/new", as: teacher)
            #expect(form.status == .ok && form.visibleText.contains("Parents · 4e B") && !form.visibleText.contains("Tout l'établissement"))
            let found = try await app.post("/messages/new", form: [("find", "mart"), ("action", "find"), ("subject", "Gardé")], as: teacher)
            #expect(found.status == .ok && found.text.contains("value=\"\(app.world.guardian.id)\"") && found.text.contains("value=\"Gardé\""))

            let sent = try await Self.send(app, teacher, to: [app.world.guardian])
            #expect(sent.status == .seeOther, "\(sent.visibleText)")
            let path = try Self.threadPath(sent)
            let mine = try await app.get(try #require(sent.headers[.location]), as: teacher).visibleText
            #expect(mine.contains("Message envoyé.") && mine.contains("ne se sont jamais connectés") && mine.contains(app.world.guardian.displayName))

            let guardian = try await app.session(for: app.world.guardian)
            let today = try await app.get("/today", as: guardian)
            #expect(Self.badge(today) == "1", "the menu says one unread")
            let inbox = try await app.get("/messages", as: guardian)
            #expect(inbox.visibleText.contains("Sortie jeudi") && inbox.visibleText.contains(app.world.teacher.displayName))
            let thread = try await app.get(path, as: guardian)
            #expect(thread.status == .ok && thread.visibleText.contains("Bonjour, la sortie est jeudi."))
            #expect(Self.badge(thread) == nil, "the page that marks it read counts it read")
            #expect(Self.badge(try await app.get("/today", as: guardian)) == nil, "read once opened")

            let reply = try await app.post(path + "/reply", form: [("body", "Merci, c'est noté.")], as: guardian)
            #expect(reply.status == .seeOther)
            #expect(Self.badge(try await app.get("/messages", as: teacher)) == "1")
            let both = try await app.get(path, as: teacher).visibleText
            #expect(both.contains("Merci, c'est noté.") && both.contains("Bonjour, la sortie est jeudi."))
            #expect(try await app.services.storage.messages.unreadCount(of: app.world.teacher.id, in: app.world.school.id) == 0)
        }
    }

    @Test func aNewMessageChangesEveryPagesETag() async throws {
        try await TestApp.run { (app) async throws in
            let guardian = try await app.session(for: app.world.guardian)
            let first = try await app.get("/today", as: guardian)
            let etag = try #require(first.headers[.eTag])
            #expect(try await app.get("/today", as: guardian, headers: [.ifNoneMatch: etag]).status == .notModified)
            _ = try await Self.send(app, try await app.session(for: app.world.teacher), to: [app.world.guardian])
            let after = try await app.get("/today", as: guardian, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok && Self.badge(after) == "1", "the counter in the menu is new, so is the page")
        }
    }

    @Test func recipientsAreCheckedAllOrNothing() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let before = try await app.writtenState()
            let refused = try await Self.send(app, pupil, to: [app.world.teacher, app.world.pupilB])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains("Vous ne pouvez pas écrire à : \(app.world.pupilB.displayName). Rien n'a été envoyé."), "\(refused.visibleText)")
            #expect(refused.text.contains("value=\"Sortie jeudi\""), "what was typed is kept")
            for (session, people) in [
                (pupil, [app.world.guardian]), (pupil, [app.world.teacherB]), (pupil, [app.world.pupilX]),
                (try await app.session(for: app.world.guardian), [app.world.pupilB]),
                (try await app.session(for: app.world.guardian), [app.world.teacherB]),
            ] {
                #expect(try await Self.send(app, session, to: people).status == .unprocessableContent, "\(people.map(\.displayName))")
            }
            #expect(try await app.writtenState() == before, "nothing was sent")
            #expect(try await Self.send(app, pupil, to: [app.world.teacher, app.world.staff]).status == .seeOther)
            #expect(try await Self.send(app, try await app.session(for: app.world.guardian), to: [app.world.pupil]).status == .seeOther, "own child")
        }
    }

    @Test func listsExpandToTheirPeopleAndOnlyStaffWriteToTheWholeSchool() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let sent = try await Self.send(app, teacher, to: [], lists: ["guardians:\(app.world.classA.id)", "pupils:\(app.world.classA.id)"])
            #expect(sent.status == .seeOther)
            let threadID = try #require(MessageThread.ID(validating: try Self.threadPath(sent).split(separator: "/").last!))
            let view = try #require(try await app.services.storage.messages.thread(threadID, for: app.world.teacher.id, in: app.world.school.id))
            #expect(Set(view.items[0].message.recipientIDs) == [app.world.guardian.id, app.world.pupil.id])

            let before = try await app.writtenState()
            #expect(try await Self.send(app, teacher, to: [], lists: ["school"]).status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [], lists: ["guardians:\(app.world.classX.id)"]).status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [], lists: ["everyone:\(app.world.classA.id)"]).status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [], lists: []).status == .unprocessableContent)
            #expect(try await app.writtenState() == before)

            let staff = try await app.session(for: app.world.staff)
            let all = try await Self.send(app, staff, to: [], lists: ["school"])
            #expect(all.status == .seeOther)
            let count = try await app.services.storage.database.query(
                "SELECT count(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id WHERE m.author_id = \(app.world.staff.id)"
            ).first?.first(as: Int.self)
            #expect(count == 5, "every enabled person of the school but the sender, and nobody of the other school")
        }
    }

    @Test func theSwitchLetsOnlyStaffSendAndIsLogged() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let pupil = try await app.session(for: app.world.pupil)
            let started = try await Self.send(app, try await app.session(for: app.world.teacher), to: [app.world.pupil])
            let path = try Self.threadPath(started)

            #expect(try await app.post("/messages/settings", form: [("staffOnly", "1")], as: staff).status == .seeOther)
            let before = try await app.writtenState()
            let refused = try await Self.send(app, pupil, to: [app.world.teacher])
            #expect(refused.status == .unprocessableContent && refused.visibleText.contains("seule la vie scolaire peut envoyer"))
            #expect(try await app.post(path + "/reply", form: [("body", "Merci")], as: pupil).status == .unprocessableContent, "replies too")
            #expect(try await app.writtenState() == before)
            #expect(try await app.get("/messages", as: pupil).visibleText.contains("seule la vie scolaire peut envoyer"))
            #expect(try await Self.send(app, staff, to: [app.world.pupil]).status == .seeOther, "staff still send")
            let settings = try await app.get("/messages/settings", as: staff).visibleText
            #expect(settings.contains("Envoi réservé par \(app.world.staff.displayName)"), "\(settings)")

            #expect(try await app.post("/messages/settings", form: [("staffOnly", "0")], as: staff).status == .seeOther)
            #expect(try await Self.send(app, pupil, to: [app.world.teacher]).status == .seeOther)

            // The platform's switch, from the operator, closes every school.
            try await app.services.storage.messages.setPlatformStaffOnly(true, note: "Menaces", at: app.clock.now())
            #expect(try await Self.send(app, pupil, to: [app.world.teacher]).status == .unprocessableContent)
            #expect(try await app.get("/messages/settings", as: staff).visibleText.contains("Envoi réservé par l'opérateur de la plateforme"))
        }
    }

    @Test func pupilsMayBeKeptFromWritingToPupils() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.get("/messages/new", as: pupil).visibleText.contains("Élèves · 4e B"))
            #expect(try await app.post("/messages/settings", form: [("pupilsWritePupils", "0")], as: staff).status == .seeOther)
            #expect(!(try await app.get("/messages/new", as: pupil).visibleText.contains("Élèves · 4e B")))
            #expect(try await Self.send(app, pupil, to: [], lists: ["pupils:\(app.world.classA.id)"]).status == .unprocessableContent)
            #expect(try await app.post("/messages/settings", form: [("pupilsWritePupils", "peut-être")], as: staff).status == .unprocessableContent)
        }
    }

    @Test func badInputIsRefusedAndWritesNothing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let empty = try await Self.send(app, teacher, to: [app.world.guardian], subject: "", body: "  ")
            #expect(empty.status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [app.world.guardian], body: String(repeating: "a", count: 10_001)).status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [app.world.guardian], subject: String(repeating: "s", count: 151)).status == .unprocessableContent)
            #expect(try await app.post("/messages/new", form: [("to", "pas-un-id"), ("subject", "a"), ("body", "b")], as: teacher).status == .unprocessableContent)
            #expect(try await Self.send(app, teacher, to: [app.world.guardian], noReply: true).status == .unprocessableContent, "only staff: no reply")
            #expect(try await app.writtenState() == before)
            #expect(try await app.get("/messages/00000000-0000-4000-8000-000000000099", as: teacher).status == .notFound)
        }
    }

    @Test func aMessageIsRecalledWithinTheHourOnly() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let guardian = try await app.session(for: app.world.guardian)
            let path = try Self.threadPath(try await Self.send(app, teacher, to: [app.world.guardian]))
            let threadID = try #require(MessageThread.ID(validating: path.split(separator: "/").last!))
            let view = try #require(try await app.services.storage.messages.thread(threadID, for: app.world.teacher.id, in: app.world.school.id))
            let messageID = view.items[0].message.id
            #expect(try await app.post("\(path)/\(messageID)/recall", form: [], as: guardian).status == .notFound, "not the author")
            #expect(Self.badge(try await app.get("/messages", as: guardian)) == "1")
            #expect(try await app.post("\(path)/\(messageID)/recall", form: [], as: teacher).status == .seeOther)
            #expect(Self.badge(try await app.get("/messages", as: guardian)) == nil, "a recalled message is not waiting")
            let seen = try await app.get(path, as: guardian).visibleText
            #expect(seen.contains("Message retiré par son auteur.") && !seen.contains("la sortie est jeudi"))

            let second = try Self.threadPath(try await Self.send(app, teacher, to: [app.world.guardian], body: "Deuxième"))
            let secondID = try #require(MessageThread.ID(validating: second.split(separator: "/").last!))
            let message = try #require(try await app.services.storage.messages.thread(secondID, for: app.world.teacher.id, in: app.world.school.id)?.items.first)
            app.clock.advance(by: 61 * 60)
            let before = try await app.writtenState()
            let late = try await app.post("\(second)/\(message.message.id)/recall", form: [], as: teacher)
            #expect(late.status == .unprocessableContent && late.visibleText.contains("dans l'heure qui suit son envoi"))
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aNoReplyMessageCannotBeAnswered() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let path = try Self.threadPath(try await Self.send(app, staff, to: [app.world.guardian], noReply: true))
            let guardian = try await app.session(for: app.world.guardian)
            let page = try await app.get(path, as: guardian)
            #expect(page.visibleText.contains("on ne peut pas y répondre") && !page.text.contains("action=\"\(path)/reply\""))
            let before = try await app.writtenState()
            #expect(try await app.post(path + "/reply", form: [("body", "Bien reçu")], as: guardian).status == .unprocessableContent)
            #expect(try await app.writtenState() == before)
        }
    }

    @Test func aReportReachesStaffWhoSuspendTheWriter() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let teacher = try await app.session(for: app.world.teacher)
            // The pupil writes something unkind to her teacher, who reports it.
            let path = try Self.threadPath(try await Self.send(app, pupil, to: [app.world.teacher], subject: "Hé", body: "Message méchant"))
            let threadID = try #require(MessageThread.ID(validating: path.split(separator: "/").last!))
            let messageID = try #require(try await app.services.storage.messages.thread(threadID, for: app.world.teacher.id, in: app.world.school.id)?.items.first?.message.id)
            #expect(try await app.post("\(path)/\(messageID)/report", form: [("note", "Insulte")], as: pupil).status == .notFound, "not one's own")
            #expect(try await app.post("\(path)/\(messageID)/report", form: [("note", "Insulte")], as: teacher).status == .seeOther)
            let staff = try await app.session(for: app.world.staff)
            let settings = try await app.get("/messages/settings", as: staff)
            #expect(settings.visibleText.contains("Message méchant") && settings.visibleText.contains("« Insulte »"))
            #expect(settings.text.contains("/messages/settings/suspensions/\(app.world.pupil.id)"))
            #expect(try await app.post("/messages/settings/suspensions/\(app.world.pupil.id)", form: [("suspended", "1")], as: staff).status == .seeOther)
            let refused = try await Self.send(app, pupil, to: [app.world.teacher])
            #expect(refused.status == .unprocessableContent && refused.visibleText.contains("suspendu votre droit d'écrire"))
            #expect(try await app.post("/messages/settings/suspensions/\(app.world.staff.id)", form: [("suspended", "1")], as: staff).status == .notFound)
            #expect(try await app.post("/messages/settings/suspensions/\(app.world.pupil.id)", form: [("suspended", "0")], as: staff).status == .seeOther)
            #expect(try await Self.send(app, pupil, to: [app.world.teacher]).status == .seeOther)
        }
    }

    @Test func deletingForOneselfAndSearchingOnesOwnMessages() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let guardian = try await app.session(for: app.world.guardian)
            let path = try Self.threadPath(try await Self.send(app, teacher, to: [app.world.guardian], subject: "Cantine", body: "Le menu de la semaine"))
            _ = try await Self.send(app, try await app.session(for: app.world.staff), to: [app.world.teacher], subject: "Conseil de classe", body: "Mardi")
            let found = try await app.get("/messages?q=MENU", as: guardian).visibleText
            #expect(found.contains("Cantine"))
            #expect(try await app.get("/messages?q=conseil", as: guardian).visibleText.contains("Aucun message ne contient ces mots."), "not another's")
            #expect(try await app.post(path + "/delete", form: [], as: guardian).status == .seeOther)
            let inbox = try await app.get("/messages", as: guardian)
            #expect(!inbox.visibleText.contains("Cantine") && Self.badge(inbox) == nil)
            #expect(try await app.get(path, as: guardian).status == .notFound)
            #expect(try await app.get(path, as: teacher).status == .ok, "still the teacher's")
            // A new message in the thread, a minute later, brings it back.
            app.clock.advance(by: 60)
            _ = try await app.post(path + "/reply", form: [("body", "Et le mercredi ?")], as: teacher)
            #expect(try await app.get("/messages", as: guardian).visibleText.contains("Cantine"))
        }
    }
}

/// Files sent with messages: the store's limits and type checks, for the thread's people only.
@Suite struct MessageAttachmentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 1, count: 64)

    static func fields(to user: User, subject: String = "Le devoir") -> [(String, String)] {
        [("to", user.id.rawValue), ("subject", subject), ("body", "Voici le document."), ("action", "send")]
    }

    @Test func aFileGoesWithTheMessageToItsPeopleOnly() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let sent = try await app.upload("/messages/new", fields: Self.fields(to: app.world.guardian), fileName: "sortie.pdf", bytes: TestApp.documentBytes, as: teacher)
            #expect(sent.status == .seeOther, "\(sent.visibleText)")
            let path = try MessageTests.threadPath(sent)
            let guardian = try await app.session(for: app.world.guardian)
            let page = try await app.get(path, as: guardian)
            #expect(page.visibleText.contains("sortie.pdf"))
            let threadID = try #require(MessageThread.ID(validating: path.split(separator: "/").last!))
            let message = try #require(try await app.services.storage.messages.thread(threadID, for: app.world.guardian.id, in: app.world.school.id)?.items.first?.message)
            let file = try await app.get("\(path)/\(message.id)/attachment", as: guardian)
            #expect(file.status == .ok && file.headers[.contentType] == "application/pdf" && Array(file.body.readableBytesView) == TestApp.documentBytes)
            #expect(try await app.get("\(path)/\(message.id)/attachment", as: try await app.session(for: app.world.pupil)).status == .notFound)
            // Recalled: its recipients no longer get the file.
            #expect(try await app.post("\(path)/\(message.id)/recall", form: [], as: teacher).status == .seeOther)
            #expect(try await app.get("\(path)/\(message.id)/attachment", as: guardian).status == .notFound)
            #expect(try await app.get("\(path)/\(message.id)/attachment", as: teacher).status == .ok, "the author keeps it")
        }
    }

    @Test func aFileTooLargeOrOfAKindNotTakenSendsNothing() async throws {
        try await TestApp.run(configure: { $0.uploadLimits = UploadLimits(fileSize: 1_024, submissionSize: 2_048) }) { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let before = try await app.writtenState()
            let big = try await app.upload(
                "/messages/new", fields: Self.fields(to: app.world.guardian), fileName: "grand.png", bytes: Self.png + [UInt8](repeating: 7, count: 3_000), as: teacher)
            #expect(big.status == .contentTooLarge && big.visibleText.contains("Ce fichier est trop gros"), "\(big.visibleText)")
            let script = try await app.upload(
                "/messages/new", fields: Self.fields(to: app.world.guardian), fileName: "virus.exe", bytes: Array("MZ\u{90}\u{0}binary".utf8), as: teacher)
            #expect(script.status == .unprocessableContent, "\(script.status)")
            #expect(try await app.writtenState() == before)
        }
    }
}
