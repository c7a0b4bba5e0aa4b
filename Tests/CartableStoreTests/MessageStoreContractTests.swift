import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import Testing

/// The message store's contract, on SQLite and on PostgreSQL, each test on a fresh database seeded with the world.
@Suite struct MessageStoreContractTests {
    static let world = World(passwordHash: "$2b$10$notarealhashbutfineforstoretests.........")
    static let at = TestClock.mondayMorning

    func withWorld(_ engine: TestEngine, _ body: @Sendable (Storage, World) async throws -> Void) async throws {
        try await Self.world.withSeededStorage(engine, body)
    }

    static func id<T>(_ n: Int) -> Identifier<T> { Identifier(rawValue: String(format: "00000000-0000-4000-8000-9%011d", n)) }

    /// A new thread and its first message, `seconds` after 9:00.
    static func started(
        _ n: Int, by author: User, to recipients: [User], subject: String, body: String, seconds: TimeInterval = 0, noReply: Bool = false
    ) -> (MessageThread, Message) {
        let thread = MessageThread(
            id: id(n), schoolID: author.schoolID, subject: subject, startedBy: author.id, startedAt: at.addingTimeInterval(seconds), noReply: noReply)
        return (thread, message(n * 100, in: thread.id, by: author, to: recipients, body: body, seconds: seconds))
    }

    /// A message of thread `threadID`.
    static func message(_ n: Int, in threadID: MessageThread.ID, by author: User, to recipients: [User], body: String, seconds: TimeInterval) -> Message {
        Message(
            id: id(n), schoolID: author.schoolID, threadID: threadID, authorID: author.id, body: body, sentAt: at.addingTimeInterval(seconds),
            recipientIDs: recipients.map(\.id))
    }

    /// Sends a new thread; its versions.
    @discardableResult
    static func start(_ started: (MessageThread, Message), on storage: Storage) async throws -> [User.ID: Int64] {
        try await storage.messages.send(started.1, newThread: started.0)
    }

    static func inboxVersion(_ user: User, _ storage: Storage) -> Int64 {
        storage.versions.version(of: ContentVersions.scope(ofInbox: user.id))
    }

    // MARK: Sending and the boxes

    @Test(arguments: TestEngine.available)
    func aSendMakesOneThreadListedFirstInEachBox(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let older = Self.started(1, by: world.staff, to: [world.pupil, world.guardian, world.teacher], subject: "Cantine", body: "Menu", seconds: -600)
            let olderVersions = try await Self.start(older, on: storage)
            #expect(Set(olderVersions.keys) == [world.pupil.id, world.guardian.id, world.teacher.id, world.staff.id])
            #expect(olderVersions.values.allSatisfy { $0 == 1 }, "\(olderVersions)")

            let sortie = Self.started(2, by: world.teacher, to: [world.pupil, world.guardian], subject: "Sortie au musée", body: "Départ à 8 h.")
            let versions = try await Self.start(sortie, on: storage)
            #expect(versions == [world.pupil.id: 2, world.guardian.id: 2, world.teacher.id: 2], "the recipients' and the author's boxes moved")
            for user in [world.pupil, world.guardian, world.teacher] {
                #expect(Self.inboxVersion(user, storage) == 2, "\(user.login)")
            }
            #expect(Self.inboxVersion(world.staff, storage) == 1, "not in the new thread")
            #expect(Self.inboxVersion(world.pupilB, storage) == 0)

            // One thread, first in each box, the author's included.
            for user in [world.pupil, world.guardian, world.teacher] {
                let box = try await store.inbox(of: user.id, in: school, limit: 10, offset: 0)
                #expect(box.map(\.thread.id) == [sortie.0.id, older.0.id], "\(user.login)")
                #expect(box.first?.thread == sortie.0)
                #expect(box.first?.lastAt == Self.at)
            }
            #expect(try await store.inbox(of: world.staff.id, in: school, limit: 10, offset: 0).map(\.thread.id) == [older.0.id])
            #expect(try await store.inbox(of: world.pupilB.id, in: school, limit: 10, offset: 0).isEmpty)
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 1, offset: 1).map(\.thread.id) == [older.0.id])
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 1, offset: 0).map(\.thread.id) == [sortie.0.id])

            // Unread: each recipient's own, the author's none.
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 2)
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 2)
            #expect(try await store.unreadCount(of: world.teacher.id, in: school) == 1)
            #expect(try await store.unreadCount(of: world.staff.id, in: school) == 0)
            let teachersBox = try await store.inbox(of: world.teacher.id, in: school, limit: 10, offset: 0)
            #expect(teachersBox.map(\.unread) == [0, 1])
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0).map(\.unread) == [1, 1])

            // The others listed: a recipient sees the author, not the other recipients; the author sees the recipients.
            let pupilsBox = try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0)
            #expect(pupilsBox.first?.otherIDs == [world.teacher.id])
            #expect(Set(teachersBox.first?.otherIDs ?? []) == [world.pupil.id, world.guardian.id])
            #expect(teachersBox.first?.otherIDs.contains(world.teacher.id) == false)

            // Another school's id sees nothing.
            #expect(try await store.inbox(of: world.pupil.id, in: world.otherSchool.id, limit: 10, offset: 0).isEmpty)
            #expect(try await store.unreadCount(of: world.pupil.id, in: world.otherSchool.id) == 0)
            #expect(try await store.inbox(of: world.pupilX.id, in: world.otherSchool.id, limit: 10, offset: 0).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func aNoReplyThreadIsKeptAsSuch(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let notice = Self.started(1, by: world.staff, to: [world.guardian], subject: "Grève jeudi", body: "Pas de cantine.", noReply: true)
            try await Self.start(notice, on: storage)
            let listed = try await storage.messages.inbox(of: world.guardian.id, in: world.school.id, limit: 10, offset: 0)
            #expect(listed.map(\.thread.noReply) == [true])
            #expect(try await storage.messages.thread(notice.0.id, for: world.guardian.id, in: world.school.id)?.thread.noReply == true)
        }
    }

    // MARK: Reading a thread

    @Test(arguments: TestEngine.available)
    func aThreadShowsEachPersonOnlyWhatTheyWroteOrReceived(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(1, by: world.teacher, to: [world.pupil, world.guardian], subject: "Sortie", body: "Départ à 8 h.")
            try await store.send(first, newThread: thread)
            let answer = Self.message(2, in: thread.id, by: world.guardian, to: [world.teacher], body: "Léa a rendez-vous.", seconds: 60)
            try await store.send(answer, newThread: nil)
            let back = Self.message(3, in: thread.id, by: world.teacher, to: [world.guardian], body: "Bien noté.", seconds: 120)
            try await store.send(back, newThread: nil)

            let pupils = try #require(try await store.thread(thread.id, for: world.pupil.id, in: school))
            #expect(pupils.thread == thread)
            #expect(pupils.items.map(\.message.id) == [first.id])
            #expect(pupils.items.first?.message.recipientIDs == [world.pupil.id], "the other recipients are not shown")
            #expect(pupils.items.first?.message.body == "Départ à 8 h.")
            #expect(pupils.items.first?.message.authorID == world.teacher.id)
            #expect(pupils.items.first?.message.sentAt == Self.at)
            #expect(pupils.items.first?.wasUnread == true)
            #expect(pupils.participantIDs == [world.teacher.id, world.pupil.id])

            let guardians = try #require(try await store.thread(thread.id, for: world.guardian.id, in: school))
            #expect(guardians.items.map(\.message.id) == [first.id, answer.id, back.id])
            #expect(guardians.items.map(\.message.recipientIDs) == [[world.guardian.id], [world.teacher.id], [world.guardian.id]])
            #expect(guardians.items.map(\.wasUnread) == [true, false, true], "one's own message is not unread")
            #expect(!guardians.participantIDs.contains(world.pupil.id))

            let teachers = try #require(try await store.thread(thread.id, for: world.teacher.id, in: school))
            #expect(teachers.items.map(\.message.id) == [first.id, answer.id, back.id])
            #expect(Set(teachers.items[0].message.recipientIDs) == [world.pupil.id, world.guardian.id], "the author sees every recipient")
            #expect(teachers.items[0].message.recipientIDs.count == 2)
            #expect(teachers.items.map(\.wasUnread) == [false, true, false])

            // Not in it: nothing.
            #expect(try await store.thread(thread.id, for: world.staff.id, in: school) == nil)
            #expect(try await store.thread(thread.id, for: world.pupilB.id, in: school) == nil)
            #expect(try await store.thread(thread.id, for: world.pupil.id, in: world.otherSchool.id) == nil)
            #expect(try await store.thread(Self.id(99), for: world.pupil.id, in: school) == nil)

            // Staff reading a report see every message with every recipient; another school, nothing.
            let all = try #require(try await store.messages(inThread: thread.id, in: school, limit: 10))
            #expect(all.0 == thread)
            #expect(all.1.map(\.id) == [first.id, answer.id, back.id])
            #expect(Set(all.1[0].recipientIDs) == [world.pupil.id, world.guardian.id])
            #expect(try await store.messages(inThread: thread.id, in: school, limit: 2)?.1.map(\.id) == [first.id, answer.id])
            #expect(try await store.messages(inThread: thread.id, in: world.otherSchool.id, limit: 10) == nil)
            let one = try #require(try await store.message(first.id, in: school))
            #expect(one.id == first.id && one.body == first.body && one.authorID == world.teacher.id && one.threadID == thread.id)
            #expect(Set(one.recipientIDs) == [world.pupil.id, world.guardian.id])
            #expect(try await store.message(first.id, in: world.otherSchool.id) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func aReplyKeepsItsThreadAndMovesItUp(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let maths = Self.started(1, by: world.teacher, to: [world.guardian, world.pupil], subject: "Contrôle", body: "Jeudi.", seconds: 0)
            let canteen = Self.started(2, by: world.staff, to: [world.guardian], subject: "Cantine", body: "Menu.", seconds: 30)
            try await Self.start(maths, on: storage)
            try await Self.start(canteen, on: storage)
            #expect(try await store.inbox(of: world.guardian.id, in: school, limit: 10, offset: 0).map(\.thread.id) == [canteen.0.id, maths.0.id])

            let reply = Self.message(3, in: maths.0.id, by: world.teacher, to: [world.guardian], body: "Et révisez.", seconds: 60)
            let versions = try await store.send(reply, newThread: nil)
            #expect(versions == [world.guardian.id: 3, world.teacher.id: 2])
            let box = try await store.inbox(of: world.guardian.id, in: school, limit: 10, offset: 0)
            #expect(box.map(\.thread.id) == [maths.0.id, canteen.0.id], "moved up, still one thread")
            #expect(box.first?.lastAt == Self.at.addingTimeInterval(60))
            #expect(box.first?.unread == 2)
            #expect(box.first?.thread.subject == "Contrôle")
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 3)
            // The pupil did not receive the reply: their box did not move.
            let pupils = try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0)
            #expect(pupils.map(\.thread.id) == [maths.0.id])
            #expect(pupils.first?.lastAt == Self.at)
            #expect(pupils.first?.unread == 1)
            #expect(Self.inboxVersion(world.pupil, storage) == 1)
        }
    }

    // MARK: Marking read

    @Test(arguments: TestEngine.available)
    func markReadSaysHowManyAndOnlyOnce(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(1, by: world.teacher, to: [world.pupil, world.guardian], subject: "Sortie", body: "Départ.")
            try await store.send(first, newThread: thread)
            try await store.send(Self.message(2, in: thread.id, by: world.teacher, to: [world.pupil], body: "N'oublie pas.", seconds: 60), newThread: nil)
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 2)
            let before = Self.inboxVersion(world.pupil, storage)

            let read = try #require(try await store.markRead(thread.id, for: world.pupil.id, in: school, at: Self.at.addingTimeInterval(120)))
            #expect(read.count == 2)
            #expect(read.version == before + 1)
            #expect(Self.inboxVersion(world.pupil, storage) == read.version)
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 0)
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0).first?.unread == 0)
            #expect(try await store.thread(thread.id, for: world.pupil.id, in: school)?.items.map(\.wasUnread) == [false, false])

            #expect(try await store.markRead(thread.id, for: world.pupil.id, in: school, at: Self.at.addingTimeInterval(180)) == nil, "nothing left")
            #expect(Self.inboxVersion(world.pupil, storage) == read.version, "nothing moved")
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 1, "the others' counts stay")
            #expect(try await store.markRead(thread.id, for: world.teacher.id, in: school, at: Self.at) == nil, "the author has nothing to read")
            #expect(try await store.markRead(thread.id, for: world.staff.id, in: school, at: Self.at) == nil, "not in it")
            #expect(try await store.markRead(thread.id, for: world.guardian.id, in: world.otherSchool.id, at: Self.at) == nil)
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 1)
        }
    }

    // MARK: Recalling

    @Test(arguments: TestEngine.available)
    func aRecalledMessageIsBlankForItsRecipientsAndKeptForItsAuthor(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(
                1, by: world.teacher, to: [world.pupil, world.guardian, world.staff], subject: "Oups", body: "Mauvais destinataire.")
            try await store.send(first, newThread: thread)
            _ = try await store.markRead(thread.id, for: world.pupil.id, in: school, at: Self.at.addingTimeInterval(30))
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 1)
            let pupilsVersion = Self.inboxVersion(world.pupil, storage)

            // Another school's id recalls nothing.
            #expect(try await store.recall(first.id, in: world.otherSchool.id, at: Self.at.addingTimeInterval(40)).isEmpty)
            #expect(try await store.message(first.id, in: school)?.recalledAt == nil)

            let recalledAt = Self.at.addingTimeInterval(60)
            let versions = try await store.recall(first.id, in: school, at: recalledAt)
            #expect(Set(versions.keys) == [world.guardian.id, world.staff.id, world.teacher.id], "who had not read it, and the author")
            for user in [world.guardian, world.staff, world.teacher] {
                #expect(versions[user.id] == Self.inboxVersion(user, storage), "\(user.login)")
            }
            #expect(Self.inboxVersion(world.pupil, storage) == pupilsVersion, "the pupil's count did not change")

            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 0)
            #expect(try await store.unreadCount(of: world.staff.id, in: school) == 0)
            #expect(try await store.inbox(of: world.guardian.id, in: school, limit: 10, offset: 0).map(\.unread) == [0], "still listed, not counted")

            for user in [world.pupil, world.guardian, world.staff] {
                let seen = try #require(try await store.thread(thread.id, for: user.id, in: school)?.items.first)
                #expect(seen.message.body == "", "\(user.login)")
                #expect(seen.message.recalledAt == recalledAt)
                #expect(seen.wasUnread == false)
            }
            let authors = try #require(try await store.thread(thread.id, for: world.teacher.id, in: school)?.items.first)
            #expect(authors.message.body == "Mauvais destinataire.")
            #expect(authors.message.recalledAt == recalledAt)
            #expect(try await store.message(first.id, in: school)?.recalledAt == recalledAt)

            // Once only.
            #expect(try await store.recall(first.id, in: school, at: recalledAt.addingTimeInterval(10)).isEmpty)
            #expect(try await store.message(first.id, in: school)?.recalledAt == recalledAt)
        }
    }

    /// A recalled message a recipient had not read was no longer counted: opening or deleting its thread afterwards
    /// does not count it again.
    @Test(arguments: TestEngine.available)
    func readingOrDeletingAfterARecallTakesOffOnlyWhatWasCounted(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(1, by: world.teacher, to: [world.pupil, world.guardian], subject: "Oups", body: "Erreur.")
            try await store.send(first, newThread: thread)
            let (other, news) = Self.started(2, by: world.staff, to: [world.pupil, world.guardian], subject: "Cantine", body: "Menu.", seconds: 10)
            try await store.send(news, newThread: other)
            _ = try await store.recall(first.id, in: school, at: Self.at.addingTimeInterval(60))
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 1)

            // Opening the recalled message's thread.
            let read = try await store.markRead(thread.id, for: world.pupil.id, in: school, at: Self.at.addingTimeInterval(120))
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 1, "the staff's message is still unread")
            #expect((read?.count ?? 0) == 0, "the recalled message was not counted: nothing comes off the count")

            // Deleting it.
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 1)
            let hidden = try #require(try await store.hide(thread.id, for: world.guardian.id, in: school, at: Self.at.addingTimeInterval(120)))
            #expect(try await store.unreadCount(of: world.guardian.id, in: school) == 1)
            #expect(hidden.count == 0, "the recalled message was not counted: nothing comes off the count")
        }
    }

    // MARK: Deleting for oneself

    @Test(arguments: TestEngine.available)
    func aDeletedThreadLeavesTheBoxUntilANewerMessage(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(1, by: world.teacher, to: [world.pupil], subject: "Exercices", body: "Page 12.")
            try await store.send(first, newThread: thread)
            try await store.send(Self.message(2, in: thread.id, by: world.teacher, to: [world.pupil], body: "Et page 13.", seconds: 5), newThread: nil)
            let other = Self.started(2, by: world.staff, to: [world.pupil], subject: "Cantine", body: "Menu.", seconds: 30)
            try await Self.start(other, on: storage)
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 3)

            // Not in it, or another school: nil.
            #expect(try await store.hide(thread.id, for: world.staff.id, in: school, at: Self.at.addingTimeInterval(60)) == nil)
            #expect(try await store.hide(thread.id, for: world.pupil.id, in: world.otherSchool.id, at: Self.at.addingTimeInterval(60)) == nil)
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0).count == 2)

            let hidden = try #require(try await store.hide(thread.id, for: world.pupil.id, in: school, at: Self.at.addingTimeInterval(60)))
            #expect(hidden.count == 2)
            #expect(hidden.version == Self.inboxVersion(world.pupil, storage))
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 1, "only the other thread's")
            #expect(try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0).map(\.thread.id) == [other.0.id])
            #expect(try await store.thread(thread.id, for: world.pupil.id, in: school) == nil)
            #expect(try await store.search("exercices", for: world.pupil.id, in: school, limit: 10).isEmpty)
            // For oneself only.
            #expect(try await store.inbox(of: world.teacher.id, in: school, limit: 10, offset: 0).map(\.thread.id) == [thread.id])

            // A newer message brings it back, with only the new one unread.
            let later = Self.message(3, in: thread.id, by: world.teacher, to: [world.pupil], body: "Corrigé demain.", seconds: 120)
            try await store.send(later, newThread: nil)
            let box = try await store.inbox(of: world.pupil.id, in: school, limit: 10, offset: 0)
            #expect(box.map(\.thread.id) == [thread.id, other.0.id])
            #expect(box.first?.unread == 1)
            #expect(try await store.unreadCount(of: world.pupil.id, in: school) == 2)
            let view = try #require(try await store.thread(thread.id, for: world.pupil.id, in: school))
            #expect(view.items.last?.message.id == later.id)
            #expect(view.items.last?.wasUnread == true)
            #expect(try await store.search("exercices", for: world.pupil.id, in: school, limit: 10).map(\.thread.id) == [thread.id])
        }
    }

    // MARK: Searching

    @Test(arguments: TestEngine.available)
    func searchFindsWordsOfOnesOwnMessages(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (sortie, first) = Self.started(
                1, by: world.teacher, to: [world.pupil, world.guardian], subject: "Sortie au musée", body: "Rendez-vous devant le collège.")
            try await store.send(first, newThread: sortie)
            try await store.send(
                Self.message(2, in: sortie.id, by: world.guardian, to: [world.teacher], body: "Léa a un rendez-vous chez l'orthodontiste.", seconds: 60),
                newThread: nil)
            let reunion = Self.started(2, by: world.staff, to: [world.guardian, world.teacherB], subject: "Réunion parents-professeurs", body: "Jeudi à 18 h.", seconds: 90)
            try await Self.start(reunion, on: storage)

            func found(_ text: String, _ user: User, in schoolID: School.ID? = nil) async throws -> [MessageThread.ID] {
                try await store.search(text, for: user.id, in: schoolID ?? school, limit: 10).map(\.thread.id)
            }
            // By subject and by body, whatever the case.
            #expect(try await found("MUSÉE", world.pupil) == [sortie.id])
            #expect(try await found("sortie", world.guardian) == [sortie.id])
            #expect(try await found("DEVANT", world.pupil) == [sortie.id])
            #expect(try await found("jeudi", world.teacherB) == [reunion.0.id])
            #expect(try await found("réunion", world.guardian) == [reunion.0.id])
            #expect(try await found("e", world.guardian) == [reunion.0.id, sortie.id], "newest activity first")
            let listed = try await store.search("musée", for: world.pupil.id, in: school, limit: 10)
            #expect(listed.first?.unread == 1)
            #expect(listed.first?.thread.subject == "Sortie au musée")

            // Only in one's own messages.
            #expect(try await found("orthodontiste", world.pupil).isEmpty, "a message the pupil did not receive")
            #expect(try await found("orthodontiste", world.teacher) == [sortie.id])
            #expect(try await found("orthodontiste", world.guardian) == [sortie.id], "its author")
            #expect(try await found("réunion", world.teacher).isEmpty)
            #expect(try await found("musée", world.staff).isEmpty)
            #expect(try await found("musée", world.pupilB).isEmpty)
            #expect(try await found("%", world.pupil).isEmpty, "a wildcard is a character")
            #expect(try await found("musée", world.pupil, in: world.otherSchool.id).isEmpty)
            #expect(try await store.search("e", for: world.guardian.id, in: school, limit: 1).count == 1)

            // A recalled message's body is no longer found by its recipients; its author still finds it.
            _ = try await store.recall(first.id, in: school, at: Self.at.addingTimeInterval(120))
            #expect(try await found("devant", world.pupil).isEmpty)
            #expect(try await found("devant", world.guardian).isEmpty)
            #expect(try await found("devant", world.teacher) == [sortie.id])
        }
    }

    /// Search folds case and accents on both engines (SQL `lower()` would leave "É" as it is on SQLite).
    @Test(arguments: TestEngine.available)
    func searchIgnoresTheCaseOfAccentedCapitals(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let election = Self.started(1, by: world.staff, to: [world.pupil], subject: "Élection des délégués", body: "Vote en ÉTUDE.")
            try await Self.start(election, on: storage)
            #expect(try await store.search("élection", for: world.pupil.id, in: world.school.id, limit: 10).map(\.thread.id) == [election.0.id])
            #expect(try await store.search("étude", for: world.pupil.id, in: world.school.id, limit: 10).map(\.thread.id) == [election.0.id])
        }
    }

    // MARK: Rules and switch

    @Test(arguments: TestEngine.available)
    func rulesDefaultChangeAndOnlyTheSwitchIsLogged(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let scope = ContentVersions.scope(ofMessagingIn: school)
            #expect(try await store.settings(of: school) == MessagingSettings(pupilsWritePupils: true, staffOnly: false, platformStaffOnly: false))
            #expect(try await store.switchLog(of: school, limit: 10).isEmpty)

            try await store.setRules(pupilsWritePupils: false, staffOnly: false, for: school, by: world.staff.id, at: Self.at)
            #expect(try await store.settings(of: school) == MessagingSettings(pupilsWritePupils: false, staffOnly: false))
            #expect(try await store.switchLog(of: school, limit: 10).isEmpty, "the switch did not change")
            let afterFirst = storage.versions.version(of: scope)
            #expect(afterFirst > 0)

            try await store.setRules(pupilsWritePupils: false, staffOnly: true, for: school, by: world.staff.id, at: Self.at.addingTimeInterval(60))
            #expect(try await store.settings(of: school) == MessagingSettings(pupilsWritePupils: false, staffOnly: true))
            #expect(storage.versions.version(of: scope) > afterFirst)
            let on = MessagingSwitchChange(schoolID: school, staffOnly: true, changedBy: world.staff.id, changedAt: Self.at.addingTimeInterval(60), note: "")
            #expect(try await store.switchLog(of: school, limit: 10) == [on])

            try await store.setRules(pupilsWritePupils: true, staffOnly: true, for: school, by: world.staff.id, at: Self.at.addingTimeInterval(120))
            #expect(try await store.settings(of: school) == MessagingSettings(pupilsWritePupils: true, staffOnly: true))
            #expect(try await store.switchLog(of: school, limit: 10) == [on], "only the classmates rule changed")

            try await store.setRules(pupilsWritePupils: true, staffOnly: false, for: school, by: world.staff.id, at: Self.at.addingTimeInterval(180))
            let off = MessagingSwitchChange(schoolID: school, staffOnly: false, changedBy: world.staff.id, changedAt: Self.at.addingTimeInterval(180), note: "")
            #expect(try await store.switchLog(of: school, limit: 10) == [off, on], "newest first")
            #expect(try await store.switchLog(of: school, limit: 1) == [off])
            #expect(try await store.settings(of: school) == MessagingSettings())

            // The other school is untouched.
            #expect(try await store.settings(of: world.otherSchool.id) == MessagingSettings())
            #expect(try await store.switchLog(of: world.otherSchool.id, limit: 10).isEmpty)
            #expect(storage.versions.version(of: ContentVersions.scope(ofMessagingIn: world.otherSchool.id)) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func thePlatformsSwitchShowsInEverySchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            try await store.setRules(pupilsWritePupils: false, staffOnly: false, for: world.school.id, by: world.staff.id, at: Self.at)
            try await store.setPlatformStaffOnly(true, note: "Consigne du ministère", at: Self.at.addingTimeInterval(60))
            #expect(try await store.settings(of: world.school.id) == MessagingSettings(pupilsWritePupils: false, staffOnly: false, platformStaffOnly: true))
            #expect(try await store.settings(of: world.otherSchool.id) == MessagingSettings(platformStaffOnly: true))
            #expect(try await store.settings(of: world.otherSchool.id).isRestrictedToStaff)
            let on = MessagingSwitchChange(schoolID: nil, staffOnly: true, changedBy: nil, changedAt: Self.at.addingTimeInterval(60), note: "Consigne du ministère")
            #expect(try await store.switchLog(of: world.school.id, limit: 10) == [on])
            #expect(try await store.switchLog(of: world.otherSchool.id, limit: 10) == [on])
            for school in [world.school, world.otherSchool] {
                #expect(storage.versions.version(of: ContentVersions.scope(ofMessagingIn: school.id)) > 0, "\(school.name)")
            }

            // The school's own switch is logged for that school only.
            try await store.setRules(pupilsWritePupils: false, staffOnly: true, for: world.school.id, by: world.staff.id, at: Self.at.addingTimeInterval(90))
            #expect(try await store.switchLog(of: world.otherSchool.id, limit: 10) == [on])
            #expect(try await store.switchLog(of: world.school.id, limit: 10).count == 2)

            try await store.setPlatformStaffOnly(false, note: "Fin", at: Self.at.addingTimeInterval(120))
            #expect(try await store.settings(of: world.otherSchool.id) == MessagingSettings())
            #expect(try await store.settings(of: world.school.id) == MessagingSettings(pupilsWritePupils: false, staffOnly: true, platformStaffOnly: false))
            let off = MessagingSwitchChange(schoolID: nil, staffOnly: false, changedBy: nil, changedAt: Self.at.addingTimeInterval(120), note: "Fin")
            #expect(try await store.switchLog(of: world.otherSchool.id, limit: 10) == [off, on])
            #expect(try await store.switchLog(of: world.school.id, limit: 10).first == off)
        }
    }

    // MARK: Suspensions

    @Test(arguments: TestEngine.available)
    func staffSuspendAndGiveBackTheRightToWrite(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            #expect(try await store.isSuspended(world.pupil.id, in: school) == false)
            #expect(try await store.suspensions(in: school).isEmpty)

            #expect(try await store.setSuspended(true, world.pupil.id, in: school, by: world.staff.id, at: Self.at))
            #expect(try await store.isSuspended(world.pupil.id, in: school))
            #expect(try await store.setSuspended(true, world.guardian.id, in: school, by: world.staff.id, at: Self.at.addingTimeInterval(30)))
            #expect(try await store.setSuspended(true, world.pupil.id, in: school, by: world.staff.id, at: Self.at.addingTimeInterval(60)), "again")
            let list = try await store.suspensions(in: school)
            #expect(list.map(\.userID) == [world.guardian.id, world.pupil.id], "newest first, once each")
            #expect(list.map(\.at) == [Self.at.addingTimeInterval(30), Self.at])
            #expect(try await store.isSuspended(world.pupilB.id, in: school) == false)

            // Scoped by school.
            #expect(try await store.isSuspended(world.pupil.id, in: world.otherSchool.id) == false)
            #expect(try await store.suspensions(in: world.otherSchool.id).isEmpty)
            #expect(try await store.setSuspended(true, world.pupilX.id, in: school, by: world.staff.id, at: Self.at) == false, "another school's user")
            #expect(try await store.isSuspended(world.pupilX.id, in: school) == false)
            #expect(try await store.isSuspended(world.pupilX.id, in: world.otherSchool.id) == false)
            #expect(try await store.setSuspended(false, world.pupil.id, in: world.otherSchool.id, by: world.staffX.id, at: Self.at) == false)
            #expect(try await store.isSuspended(world.pupil.id, in: school))
            #expect(try await store.setSuspended(true, world.pupil.id, in: school, by: world.staff.id, at: Self.at) == true)
            #expect(try await store.setSuspended(true, Self.id(77), in: school, by: world.staff.id, at: Self.at) == false, "nobody")

            #expect(try await store.setSuspended(false, world.pupil.id, in: school, by: world.staff.id, at: Self.at.addingTimeInterval(90)))
            #expect(try await store.isSuspended(world.pupil.id, in: school) == false)
            #expect(try await store.suspensions(in: school).map(\.userID) == [world.guardian.id])
        }
    }

    // MARK: Contacts and lists

    @Test(arguments: TestEngine.available)
    func contactsCarryTheirClassesRelationsAndSignIn(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let ids = [world.pupil, world.pupilB, world.guardian, world.teacher, world.teacherB, world.staff, world.pupilX, world.teacherX].map(\.id)
            let found = try await store.contacts(ids + [Self.id(77)], in: school)
            let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.user.id, $0) })
            #expect(Set(byID.keys) == [world.pupil.id, world.pupilB.id, world.guardian.id, world.teacher.id, world.teacherB.id, world.staff.id])
            #expect(found.count == 6)

            #expect(byID[world.pupil.id]?.user == world.pupil)
            #expect(byID[world.pupil.id]?.classIDs == [world.classA.id, world.group.id], "enrolments")
            #expect(byID[world.pupil.id]?.relatedIDs == [world.guardian.id])
            #expect(byID[world.pupilB.id]?.classIDs == [world.classB.id])
            #expect(byID[world.pupilB.id]?.relatedIDs == [])
            #expect(byID[world.guardian.id]?.user == world.guardian)
            #expect(byID[world.guardian.id]?.classIDs == [world.classA.id, world.group.id], "the children's classes")
            #expect(byID[world.guardian.id]?.relatedIDs == [world.pupil.id])
            #expect(byID[world.teacher.id]?.classIDs == [world.classA.id, world.group.id], "taught classes")
            #expect(byID[world.teacher.id]?.relatedIDs == [])
            #expect(byID[world.teacherB.id]?.classIDs == [world.classB.id])
            #expect(byID[world.staff.id]?.classIDs == [])
            #expect(byID[world.staff.id]?.relatedIDs == [])
            #expect(found.allSatisfy { !$0.hasSignedIn }, "fresh accounts")

            let now = Self.at
            let session = DeviceSession(
                id: .make(using: RandomIdentifierGenerator()), userID: world.pupil.id, schoolID: school, createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(3_600), isRemembered: false, deviceLabel: "Firefox · Android", csrfToken: "csrf")
            try await storage.sessions.createSession(session, tokenDigest: "digest-pupil")
            let after = try await store.contacts([world.pupil.id, world.guardian.id], in: school)
            #expect(after.first { $0.user.id == world.pupil.id }?.hasSignedIn == true)
            #expect(after.first { $0.user.id == world.guardian.id }?.hasSignedIn == false)

            #expect(try await store.contacts([], in: school).isEmpty)
            #expect(try await store.contacts([world.pupil.id, world.staff.id], in: world.otherSchool.id).isEmpty)
            let theirs = try await store.contacts([world.pupilX.id, world.guardianX.id, world.pupil.id], in: world.otherSchool.id)
            #expect(theirs.map(\.user.id).sorted() == [world.pupilX.id, world.guardianX.id].sorted())
            #expect(theirs.first { $0.user.id == world.pupilX.id }?.classIDs == [world.classX.id])
            #expect(theirs.first { $0.user.id == world.guardianX.id }?.relatedIDs == [world.pupilX.id])

            // The names of people, for pages: the school's only.
            let people = try await store.people([world.pupil.id, world.pupilX.id], in: school)
            #expect(people == [world.pupil.id: world.pupil])
        }
    }

    @Test(arguments: TestEngine.available)
    func listsNameTheEnabledPeopleOfTheSchool(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            func members(_ list: RecipientList, in schoolID: School.ID? = nil) async throws -> [User.ID] {
                try await store.members(of: list, in: schoolID ?? school)
            }
            #expect(try await members(.pupils(of: world.classA.id)) == [world.pupil.id])
            #expect(try await members(.pupils(of: world.group.id)) == [world.pupil.id])
            #expect(try await members(.pupils(of: world.classB.id)) == [world.pupilB.id])
            #expect(try await members(.guardians(of: world.classA.id)) == [world.guardian.id])
            #expect(try await members(.guardians(of: world.group.id)) == [world.guardian.id])
            #expect(try await members(.guardians(of: world.classB.id)).isEmpty, "Tom has no guardian")
            #expect(try await members(.teachers(of: world.classA.id)) == [world.teacher.id])
            #expect(try await members(.teachers(of: world.group.id)) == [world.teacher.id])
            #expect(try await members(.teachers(of: world.classB.id)) == [world.teacherB.id])
            // By name: Dupont, Durand, Martin Léa, Martin Sophie, Moreau, Petit.
            #expect(
                try await members(.wholeSchool)
                    == [world.staff.id, world.teacherB.id, world.pupil.id, world.guardian.id, world.teacher.id, world.pupilB.id])

            // Scoped by school; an unknown class names nobody.
            #expect(try await members(.pupils(of: world.classX.id)).isEmpty)
            #expect(try await members(.teachers(of: world.classX.id)).isEmpty)
            #expect(try await members(.pupils(of: world.classA.id), in: world.otherSchool.id).isEmpty)
            #expect(try await members(.guardians(of: world.classA.id), in: world.otherSchool.id).isEmpty)
            #expect(try await members(.teachers(of: world.classA.id), in: world.otherSchool.id).isEmpty)
            #expect(try await members(.pupils(of: Self.id(55))).isEmpty)
            #expect(
                Set(try await members(.wholeSchool, in: world.otherSchool.id)) == [world.pupilX.id, world.guardianX.id, world.teacherX.id, world.staffX.id])
            #expect(try await members(.guardians(of: world.classX.id), in: world.otherSchool.id) == [world.guardianX.id])

            // Disabled accounts are left out.
            #expect(try await storage.identity.setDisabled(true, for: world.pupilB.id, in: school, at: Self.at))
            #expect(try await storage.identity.setDisabled(true, for: world.guardian.id, in: school, at: Self.at))
            #expect(try await members(.pupils(of: world.classB.id)).isEmpty)
            #expect(try await members(.guardians(of: world.classA.id)).isEmpty)
            #expect(try await members(.wholeSchool) == [world.staff.id, world.teacherB.id, world.pupil.id, world.teacher.id])
        }
    }

    @Test(arguments: TestEngine.available)
    func contactSearchFindsEnabledPeopleOfTheSchoolByName(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let martins = try await store.searchContacts(matching: "MART", in: world.school.id, limit: 10)
            #expect(martins.map(\.user.id) == [world.pupil.id, world.guardian.id], "Léa, then Sophie")
            #expect(martins.first?.classIDs == [world.classA.id, world.group.id])
            #expect(try await store.searchContacts(matching: "sophie martin", in: world.school.id, limit: 10).map(\.user.id) == [world.guardian.id])
            #expect(try await store.searchContacts(matching: "mart", in: world.school.id, limit: 1).count == 1)
            #expect(try await store.searchContacts(matching: "haddad", in: world.school.id, limit: 10).isEmpty, "another school's")
            #expect(try await store.searchContacts(matching: "%", in: world.school.id, limit: 10).isEmpty)
            #expect(try await storage.identity.setDisabled(true, for: world.guardian.id, in: world.school.id, at: Self.at))
            #expect(try await store.searchContacts(matching: "mart", in: world.school.id, limit: 10).map(\.user.id) == [world.pupil.id])
        }
    }

    // MARK: Reports

    @Test(arguments: TestEngine.available)
    func reportsAreKeptPerSchoolNewestFirst(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let school = world.school.id
            let (thread, first) = Self.started(1, by: world.pupilB, to: [world.pupil], subject: "Salut", body: "Tu es nulle.")
            try await store.send(first, newThread: thread)
            #expect(try await store.reports(in: school, limit: 10).isEmpty)
            let report = MessageReport(id: Self.id(10), schoolID: school, messageID: first.id, reporterID: world.pupil.id, reportedAt: Self.at.addingTimeInterval(60), note: "Insulte")
            let again = MessageReport(id: Self.id(11), schoolID: school, messageID: first.id, reporterID: world.pupil.id, reportedAt: Self.at.addingTimeInterval(120), note: "")
            try await store.addReport(report)
            try await store.addReport(again)
            #expect(try await store.reports(in: school, limit: 10) == [again, report])
            #expect(try await store.reports(in: school, limit: 1) == [again])
            #expect(try await store.reports(in: world.otherSchool.id, limit: 10).isEmpty)
        }
    }

    // MARK: Another school

    @Test(arguments: TestEngine.available)
    func anotherSchoolsIdsSeeAndChangeNothing(engine: TestEngine) async throws {
        try await withWorld(engine) { (storage, world) async throws in
            let store = storage.messages
            let other = world.otherSchool.id
            let (thread, first) = Self.started(1, by: world.teacher, to: [world.pupil], subject: "Devoirs", body: "Page 12.")
            try await store.send(first, newThread: thread)
            let theirs = Self.started(2, by: world.teacherX, to: [world.pupilX], subject: "Devoirs", body: "Fiche 7.")
            try await Self.start(theirs, on: storage)

            for user in [world.pupil, world.teacher] {
                #expect(try await store.inbox(of: user.id, in: other, limit: 10, offset: 0).isEmpty)
                #expect(try await store.search("devoirs", for: user.id, in: other, limit: 10).isEmpty)
                #expect(try await store.thread(thread.id, for: user.id, in: other) == nil)
                #expect(try await store.unreadCount(of: user.id, in: other) == 0)
            }
            #expect(try await store.markRead(thread.id, for: world.pupil.id, in: other, at: Self.at) == nil)
            #expect(try await store.hide(thread.id, for: world.pupil.id, in: other, at: Self.at) == nil)
            #expect(try await store.recall(first.id, in: other, at: Self.at).isEmpty)
            #expect(try await store.message(first.id, in: other) == nil)
            #expect(try await store.messages(inThread: thread.id, in: other, limit: 10) == nil)
            #expect(try await store.people([world.pupil.id], in: other).isEmpty)
            // And ours stays as it was.
            #expect(try await store.unreadCount(of: world.pupil.id, in: world.school.id) == 1)
            #expect(try await store.inbox(of: world.pupil.id, in: world.school.id, limit: 10, offset: 0).map(\.thread.id) == [thread.id])
            #expect(try await store.message(first.id, in: world.school.id)?.recalledAt == nil)
            // Their thread is theirs: ours do not see it.
            #expect(try await store.thread(theirs.0.id, for: world.pupil.id, in: world.school.id) == nil)
            #expect(try await store.thread(theirs.0.id, for: world.pupilX.id, in: world.school.id) == nil)
            #expect(try await store.search("devoirs", for: world.pupilX.id, in: other, limit: 10).map(\.thread.id) == [theirs.0.id])
            #expect(try await store.unreadCount(of: world.pupilX.id, in: other) == 1)
        }
    }
}
