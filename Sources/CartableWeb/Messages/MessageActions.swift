import CartableCore
import CartableStore
import Foundation

/// What people do with messages, behind the access policy and the reach rules.
struct MessageActions: Sendable {
    let services: AppServices
    var store: any MessageStore { services.storage.messages }

    /// A list the sender may pick, with the words that name it.
    struct ListChoice: Sendable {
        var list: RecipientList
        var label: String
    }

    /// The lists `viewer` may write to: a teacher's classes, staff's whole school and every class, a pupil's and a
    /// guardian's teachers of their classes (and a pupil's classmates when the school allows it).
    func lists(viewer: Viewer, settings: MessagingSettings, t: Localizer) async throws -> [ListChoice] {
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        var choices: [ListChoice] = []
        switch viewer.role {
        case .staff, .teacher:
            if viewer.role == .staff { choices.append(ListChoice(list: .wholeSchool, label: t("listWholeSchool"))) }
            for schoolClass in classes where viewer.role == .staff || viewer.taughtClassIDs.contains(schoolClass.id) {
                choices.append(ListChoice(list: .guardians(of: schoolClass.id), label: t("listGuardians", ["class": schoolClass.name])))
                choices.append(ListChoice(list: .pupils(of: schoolClass.id), label: t("listPupils", ["class": schoolClass.name])))
                choices.append(ListChoice(list: .teachers(of: schoolClass.id), label: t("listTeachers", ["class": schoolClass.name])))
            }
        case .pupil:
            for schoolClass in classes where viewer.classIDs.contains(schoolClass.id) {
                choices.append(ListChoice(list: .teachers(of: schoolClass.id), label: t("listTeachers", ["class": schoolClass.name])))
                if settings.pupilsWritePupils {
                    choices.append(ListChoice(list: .pupils(of: schoolClass.id), label: t("listPupils", ["class": schoolClass.name])))
                }
            }
        case .guardian:
            let childClasses = viewer.children.reduce(into: Set<SchoolClass.ID>()) { $0.formUnion($1.classIDs) }
            for schoolClass in classes where childClasses.contains(schoolClass.id) {
                choices.append(ListChoice(list: .teachers(of: schoolClass.id), label: t("listTeachers", ["class": schoolClass.name])))
            }
        }
        return choices
    }

    /// The most people a search shows (a longer name narrows it).
    static let searchLimit = 20

    /// The people matching `search` whom `viewer` may write to (at most ``searchLimit``).
    func reachable(matching search: String, viewer: Viewer, settings: MessagingSettings, limit: Int = searchLimit) async throws -> [MessagingContact] {
        let text = TextRules.clean(search)
        guard text.count >= 2 else { return [] }
        let found = try await store.searchContacts(matching: String(text.prefix(60)), in: viewer.schoolID, limit: 200)
        return Array(found.filter { MessagingRules.mayReach(viewer, $0, settings: settings) }.prefix(limit))
    }

    /// Why `viewer` cannot send at all right now, as a field problem, if they cannot.
    func closedProblem(viewer: Viewer, settings: MessagingSettings) async throws -> FieldIssue.Problem? {
        let suspended = try await store.isSuspended(viewer.user.id, in: viewer.schoolID)
        switch MessagingRules.closed(for: viewer, settings: settings, isSuspended: suspended) {
        case .restrictedToStaff: return .messagingRestricted
        case .suspended: return .writingSuspended
        case nil: return nil
        }
    }

    /// What a send did: the thread, and the recipients who never signed in (they will not read it).
    struct Sent: Sendable {
        var threadID: MessageThread.ID
        var neverSignedIn: [User]
        var recipients: Int
    }

    /// Sends a new message; all or nothing: one recipient refused and nothing is sent (`ValidationError` saying who).
    func send(
        _ input: MessageInput, to recipients: RecipientsInput, noReply: Bool, attachment: StoredFile? = nil, viewer: Viewer, t: Localizer
    ) async throws -> Sent {
        let settings = try await store.settings(of: viewer.schoolID)
        if let problem = try await closedProblem(viewer: viewer, settings: settings) { throw ValidationError([FieldIssue(field: "to", problem: problem)]) }
        if noReply && !services.policy.allows(viewer, .sendNoReply(schoolID: viewer.schoolID)) {
            throw ValidationError([FieldIssue(field: "noReply", problem: .invalidChoice)])
        }
        var issues: [FieldIssue] = []
        var checked: (subject: String, body: String)?
        do { checked = try input.validatedNew() } catch { issues += error.issues }
        var named: (people: [User.ID], lists: [RecipientList])?
        do { named = try recipients.validated() } catch { issues += error.issues }
        guard issues.isEmpty, let checked, let named else { throw ValidationError(issues) }

        let contacts = try await resolve(named, viewer: viewer)
        try refuseUnreachable(contacts, viewer: viewer, settings: settings, repliedTo: nil, t: t)
        let now = services.clock.now()
        let thread = MessageThread(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, subject: checked.subject, startedBy: viewer.user.id, startedAt: now,
            noReply: noReply)
        let message = Message(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, threadID: thread.id, authorID: viewer.user.id, body: checked.body,
            sentAt: now, recipientIDs: contacts.map(\.user.id), attachment: attachment)
        _ = try await store.send(message, newThread: thread)
        try await Notifier(services: services).messageSent(message, subject: thread.subject, sender: viewer.user, zone: viewer.school.timeZone)
        return Sent(threadID: thread.id, neverSignedIn: contacts.filter { !$0.hasSignedIn }.map(\.user), recipients: contacts.count)
    }

    /// The people and lists named, as contacts of the school (the sender left out). An id the school does not have,
    /// or a list the sender may not use, is refused as a whole: nothing is sent.
    private func resolve(_ named: (people: [User.ID], lists: [RecipientList]), viewer: Viewer) async throws -> [MessagingContact] {
        var ids = named.people
        for list in named.lists {
            var classSchool: School.ID?
            switch list {
            case .pupils(let id), .guardians(let id), .teachers(let id):
                classSchool = try await services.storage.schools.schoolClass(id, in: viewer.schoolID)?.schoolID
            case .wholeSchool:
                classSchool = viewer.schoolID
            }
            guard MessagingRules.mayUse(viewer, list, classSchoolID: classSchool) else {
                throw ValidationError([FieldIssue(field: "to", problem: .invalidChoice)])
            }
            ids += try await store.members(of: list, in: viewer.schoolID)
        }
        var seen: Set<User.ID> = [viewer.user.id]
        ids = ids.filter { seen.insert($0).inserted }
        if ids.count > MessageInput.Limits.recipients {
            throw ValidationError([FieldIssue(field: "to", problem: .tooMany(max: MessageInput.Limits.recipients))])
        }
        guard !ids.isEmpty else { throw ValidationError([FieldIssue(field: "to", problem: .required)]) }
        let contacts = try await store.contacts(ids, in: viewer.schoolID)
        // Another school's id, or junk that looks like an id: the same answer as a choice that does not exist.
        guard contacts.count == ids.count else { throw ValidationError([FieldIssue(field: "to", problem: .invalidChoice)]) }
        return contacts
    }

    /// Throws, naming them, if any of `contacts` may not be written to.
    private func refuseUnreachable(_ contacts: [MessagingContact], viewer: Viewer, settings: MessagingSettings, repliedTo: User.ID?, t: Localizer)
        throws
    {
        let refused = MessagingRules.check(viewer, contacts, settings: settings, repliedTo: repliedTo).refused
        guard !refused.isEmpty else { return }
        let names = refused.prefix(5).map(\.user.displayName)
        let who = refused.count > 5 ? t("namesAndOthers", ["names": names.joined(separator: ", "), "count": String(refused.count - 5)]) : names.joined(separator: ", ")
        throw ValidationError([FieldIssue(field: "to", problem: .notReachable(who: who))])
    }

    /// The thread as `viewer` sees it, marked read. Not theirs (or unknown): ``NotFound``.
    func open(_ id: MessageThread.ID, viewer: Viewer) async throws -> ThreadView {
        let view = try await readable(id, viewer: viewer)
        _ = try await store.markRead(id, for: viewer.user.id, in: viewer.schoolID, at: services.clock.now())
        return view
    }

    /// The thread as `viewer` sees it, unchanged.
    func readable(_ id: MessageThread.ID, viewer: Viewer) async throws -> ThreadView {
        guard let view = try await store.thread(id, for: viewer.user.id, in: viewer.schoolID), services.policy.allows(viewer, .readThread(view))
        else { throw NotFound() }
        return view
    }

    /// Who a reply in `view` goes to: the author of the last message `viewer` received there; if they received none,
    /// the recipients of their own last message.
    func replyTarget(_ view: ThreadView, viewer: Viewer) -> (ids: [User.ID], repliedTo: User.ID?) {
        if let received = view.items.last(where: { $0.message.authorID != viewer.user.id }) {
            return ([received.message.authorID], received.message.authorID)
        }
        return (view.items.last?.message.recipientIDs ?? [], nil)
    }

    /// A reply in a thread; a reply to a message one received is always allowed (unless the switch is on, the
    /// writer is suspended, or it is a "no reply" message).
    func reply(_ id: MessageThread.ID, _ input: MessageInput, attachment: StoredFile? = nil, viewer: Viewer, t: Localizer) async throws -> Sent {
        let view = try await readable(id, viewer: viewer)
        let settings = try await store.settings(of: viewer.schoolID)
        if let problem = try await closedProblem(viewer: viewer, settings: settings) { throw ValidationError([FieldIssue(field: "body", problem: problem)]) }
        if view.thread.noReply && view.thread.startedBy != viewer.user.id { throw ValidationError([FieldIssue(field: "body", problem: .noReply)]) }
        let body = try input.validatedReply()
        let target = replyTarget(view, viewer: viewer)
        let contacts = try await store.contacts(target.ids.filter { $0 != viewer.user.id }, in: viewer.schoolID)
        guard !contacts.isEmpty else { throw ValidationError([FieldIssue(field: "body", problem: .notReachable(who: t("nobody")))]) }
        try refuseUnreachable(contacts, viewer: viewer, settings: settings, repliedTo: target.repliedTo, t: t)
        let message = Message(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, threadID: id, authorID: viewer.user.id, body: body,
            sentAt: services.clock.now(), recipientIDs: contacts.map(\.user.id), attachment: attachment)
        _ = try await store.send(message, newThread: nil)
        try await Notifier(services: services).messageSent(message, subject: view.thread.subject, sender: viewer.user, zone: viewer.school.timeZone)
        return Sent(threadID: id, neverSignedIn: contacts.filter { !$0.hasSignedIn }.map(\.user), recipients: contacts.count)
    }

    /// Its author recalls a message, within the hour; its recipients no longer read it.
    func recall(_ threadID: MessageThread.ID, _ messageID: Message.ID, viewer: Viewer) async throws {
        guard let message = try await store.message(messageID, in: viewer.schoolID), message.threadID == threadID,
            services.policy.allows(viewer, .recall(message))
        else { throw NotFound() }
        guard message.isRecallable(at: services.clock.now()) else { throw ValidationError([FieldIssue(field: "message", problem: .recallTooLate)]) }
        _ = try await store.recall(messageID, in: viewer.schoolID, at: services.clock.now())
    }

    /// The file of a message `viewer` wrote or received (not a recalled one's, for its recipients).
    func attachment(_ threadID: MessageThread.ID, _ messageID: Message.ID, viewer: Viewer) async throws -> StoredFile {
        let view = try await readable(threadID, viewer: viewer)
        guard let file = view.items.first(where: { $0.message.id == messageID })?.message.attachment else { throw NotFound() }
        return file
    }

    /// Deletes the thread from `viewer`'s box.
    func delete(_ id: MessageThread.ID, viewer: Viewer) async throws {
        _ = try await readable(id, viewer: viewer)
        guard try await store.hide(id, for: viewer.user.id, in: viewer.schoolID, at: services.clock.now()) != nil else { throw NotFound() }
    }

    /// Reports a message `viewer` received to the school's staff.
    func report(_ threadID: MessageThread.ID, _ messageID: Message.ID, note: String?, viewer: Viewer) async throws {
        let view = try await readable(threadID, viewer: viewer)
        guard view.items.contains(where: { $0.message.id == messageID && $0.message.authorID != viewer.user.id }) else { throw NotFound() }
        let words = TextRules.clean(note, multiline: true)
        if words.count > 500 { throw ValidationError([FieldIssue(field: "note", problem: .tooLong(max: 500))]) }
        try await store.addReport(
            MessageReport(
                id: .make(using: services.identifiers), schoolID: viewer.schoolID, messageID: messageID, reporterID: viewer.user.id,
                reportedAt: services.clock.now(), note: words))
    }

    /// Names of the people among `ids`, for a page.
    func people(_ ids: Set<User.ID>, viewer: Viewer) async throws -> [User.ID: User] {
        try await store.people(ids, in: viewer.schoolID)
    }

    // MARK: Staff

    /// Staff change the school's rules and switch.
    func setRules(pupilsWritePupils: Bool, staffOnly: Bool, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .manageMessaging(schoolID: viewer.schoolID)) else { throw NotFound() }
        try await store.setRules(
            pupilsWritePupils: pupilsWritePupils, staffOnly: staffOnly, for: viewer.schoolID, by: viewer.user.id, at: services.clock.now())
    }

    /// Staff suspend or give back a person's right to write (staff's own cannot be taken).
    func setSuspended(_ suspended: Bool, _ userID: User.ID, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .manageMessaging(schoolID: viewer.schoolID)),
            let user = try await services.storage.identity.user(userID, in: viewer.schoolID), user.role != .staff
        else { throw NotFound() }
        guard try await store.setSuspended(suspended, userID, in: viewer.schoolID, by: viewer.user.id, at: services.clock.now()) else {
            throw NotFound()
        }
    }
}
