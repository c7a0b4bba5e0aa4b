import CartableCore
import CartableStore
import Foundation

/// What people do with announcements and banners, behind the access policy.
struct AnnouncementActions: Sendable {
    let services: AppServices
    var store: any AnnouncementStore { services.storage.announcements }

    /// The scopes a pupil's page with announcements depends on: the school's and each of the pupil's classes'.
    static func scopes(of pupil: Viewer.Child, schoolID: School.ID) -> [String] {
        [SQLAnnouncementStore.scope(ofSchoolAnnouncements: schoolID)] + pupil.classIDs.map { SQLAnnouncementStore.scope(ofClassAnnouncements: $0) }
    }

    /// An announcement shown to a pupil (or their guardian), with whether it was acknowledged for them.
    struct Shown: Sendable {
        var announcement: Announcement
        var author: User?
        var mayAcknowledge: Bool
        var acknowledged: Bool
    }

    /// The announcements shown now about `pupil` to `viewer` (the pupil, or their guardian).
    func shown(for pupil: Viewer.Child, viewer: Viewer) async throws -> [Shown] {
        let now = services.clock.now()
        let found = try await store.visibleAnnouncements(in: viewer.schoolID, forClasses: pupil.classIDs, at: now).filter {
            services.policy.allows(viewer, .readAnnouncement($0)) && $0.concerns(classes: pupil.classIDs)
        }
        guard !found.isEmpty else { return [] }
        let acks = try await store.acknowledged(found.map(\.id), by: [viewer.user.id], in: viewer.schoolID)
        let authors = try await services.storage.messages.people(Set(found.map(\.authorID)), in: viewer.schoolID)
        return found.map { a in
            Shown(
                announcement: a, author: authors[a.authorID], mayAcknowledge: services.policy.allows(viewer, .acknowledge(a, pupilID: pupil.pupil.id)),
                acknowledged: acks.contains("\(a.id) \(pupil.pupil.id)"))
        }
    }

    /// Publishes; `ValidationError` for bad input, ``NotFound`` for a class the author may not write to.
    func publish(_ input: AnnouncementInput, viewer: Viewer) async throws -> Announcement {
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        let checked = try input.validated(schoolClasses: Set(classes.map(\.id)), today: services.today(for: viewer))
        guard services.policy.allows(viewer, .announce(classIDs: checked.classIDs, schoolID: viewer.schoolID)) else {
            throw ValidationError([FieldIssue(field: "classes", problem: .invalidChoice)])
        }
        let zone = viewer.school.timeZone
        let now = services.clock.now()
        let from = checked.from == services.today(for: viewer) ? now : checked.from.instant(atMinute: 0, in: zone)
        let announcement = Announcement(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, authorID: viewer.user.id, title: checked.title, body: checked.body,
            audience: checked.audience, classIDs: checked.classIDs, visibleFrom: from, visibleUntil: checked.until.adding(days: 1).instant(atMinute: 0, in: zone),
            needsAck: checked.needsAck, createdAt: now)
        try await store.addAnnouncement(announcement)
        try await Notifier(services: services).announced(announcement, author: viewer.user, zone: viewer.school.timeZone)
        return announcement
    }

    /// An announcement `viewer` may read; ``NotFound`` otherwise.
    func readable(_ id: Announcement.ID, viewer: Viewer) async throws -> Announcement {
        guard let a = try await store.announcement(id, in: viewer.schoolID), services.policy.allows(viewer, .readAnnouncement(a)) else { throw NotFound() }
        return a
    }

    /// "J'ai lu", for `pupilRaw` (a guardian's child; the pupil themself).
    func acknowledge(_ id: Announcement.ID, pupilRaw: String?, viewer: Viewer) async throws {
        let a = try await readable(id, viewer: viewer)
        let pupilID: User.ID
        switch viewer.role {
        case .pupil: pupilID = viewer.user.id
        case .guardian:
            guard let raw = pupilRaw.flatMap({ User.ID(validating: TextRules.clean($0)) }) else {
                throw ValidationError([FieldIssue(field: "pupil", problem: .required)])
            }
            pupilID = raw
        case .teacher, .staff: throw NotFound()
        }
        guard services.policy.allows(viewer, .acknowledge(a, pupilID: pupilID)) else { throw NotFound() }
        _ = try await store.acknowledge(id, by: viewer.user.id, for: pupilID, in: viewer.schoolID, at: services.clock.now())
    }

    /// Who was to acknowledge an announcement and has or has not: pupils for themselves, guardians for each child.
    struct Follow: Sendable {
        struct Reader: Sendable, Hashable {
            var user: User
            var pupil: User
            var at: Date?
        }

        var done: [Reader]
        var waiting: [Reader]
    }

    /// The author's (or staff's) view of who read it.
    func follow(_ id: Announcement.ID, viewer: Viewer) async throws -> (Announcement, Follow) {
        let a = try await readable(id, viewer: viewer)
        guard services.policy.allows(viewer, .followAnnouncement(a)) else { throw NotFound() }
        let messages = services.storage.messages
        var pupilIDs: [User.ID] = []
        if a.classIDs.isEmpty {
            pupilIDs = try await messages.contacts(try await messages.members(of: .wholeSchool, in: a.schoolID), in: a.schoolID)
                .filter { $0.user.role == .pupil }.map(\.user.id)
        } else {
            for classID in a.classIDs.sorted() { pupilIDs += try await messages.members(of: .pupils(of: classID), in: a.schoolID) }
        }
        let pupils = try await messages.contacts(Array(Set(pupilIDs)), in: a.schoolID)
        var pairs: [(User.ID, User.ID)] = []
        if a.audience.contains(.pupils) { pairs += pupils.map { ($0.user.id, $0.user.id) } }
        if a.audience.contains(.guardians) { for pupil in pupils { pairs += pupil.relatedIDs.sorted().map { ($0, pupil.user.id) } } }
        let people = try await messages.people(Set(pairs.flatMap { [$0.0, $0.1] }), in: a.schoolID)
        var acks: [String: Date] = [:]
        for ack in try await store.acknowledgements(of: id, in: a.schoolID) { acks["\(ack.userID) \(ack.pupilID)"] = ack.at }
        var follow = Follow(done: [], waiting: [])
        for (userID, pupilID) in pairs {
            guard let user = people[userID], let pupil = people[pupilID], !user.isDisabled else { continue }
            let reader = Follow.Reader(user: user, pupil: pupil, at: acks["\(userID) \(pupilID)"])
            if reader.at == nil { follow.waiting.append(reader) } else { follow.done.append(reader) }
        }
        follow.waiting.sort { ($0.pupil.lastName, $0.pupil.firstName, $0.user.lastName) < ($1.pupil.lastName, $1.pupil.firstName, $1.user.lastName) }
        follow.done.sort { ($0.at ?? .distantPast, $0.user.id) < ($1.at ?? .distantPast, $1.user.id) }
        return (a, follow)
    }

    /// Reminds only those who have not acknowledged, with a "no reply" message from the author; how many.
    func remind(_ id: Announcement.ID, viewer: Viewer, t: Localizer) async throws -> Int {
        let (a, follow) = try await follow(id, viewer: viewer)
        guard a.needsAck, a.authorID == viewer.user.id else { throw NotFound() }
        let recipients = Array(Set(follow.waiting.map(\.user.id))).sorted()
        guard !recipients.isEmpty else { return 0 }
        let now = services.clock.now()
        let thread = MessageThread(
            id: .make(using: services.identifiers), schoolID: a.schoolID, subject: t("announcementReminderSubject", ["title": a.title]),
            startedBy: viewer.user.id, startedAt: now, noReply: true)
        let message = Message(
            id: .make(using: services.identifiers), schoolID: a.schoolID, threadID: thread.id, authorID: viewer.user.id,
            body: t("announcementReminderBody", ["title": a.title, "link": AnnouncementRoutes.announcement.href(a.id)]), sentAt: now,
            recipientIDs: recipients)
        _ = try await services.storage.messages.send(message, newThread: thread)
        return recipients.count
    }

    // MARK: Banners

    /// Puts up an urgent banner for the school, from now.
    func putBanner(_ input: BannerInput, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .putBanner(schoolID: viewer.schoolID)) else { throw NotFound() }
        let (text, minutes) = try input.validated()
        let now = services.clock.now()
        try await store.addBanner(
            Banner(
                id: .make(using: services.identifiers), schoolID: viewer.schoolID, text: text, startsAt: now,
                endsAt: now.addingTimeInterval(TimeInterval(minutes * 60)), createdBy: viewer.user.id))
    }

    /// Takes the school's banner down now.
    func endBanner(_ id: Banner.ID, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .putBanner(schoolID: viewer.schoolID)),
            try await store.endBanner(id, in: viewer.schoolID, at: services.clock.now())
        else { throw NotFound() }
    }
}

/// Each school's urgent banners, in memory, checked against the school's banner version; every page's frame reads
/// them without a query.
final class BannerBoard: Sendable {
    private struct Entry: Sendable {
        var version: Int64
        var banners: [Banner]
    }

    private let cache = BoundedCache<School.ID, Entry>(capacity: 10_000)
    private let versions: ContentVersions

    init(versions: ContentVersions) { self.versions = versions }

    /// The banners shown at `now` for `schoolID`.
    func shown(for schoolID: School.ID, at now: Date, store: any AnnouncementStore) async throws -> [Banner] {
        let version = versions.version(of: SQLAnnouncementStore.scope(ofBanners: schoolID))
        if let entry = cache.value(forKey: schoolID), entry.version == version { return entry.banners.filter { $0.isShown(at: now) } }
        let banners = try await store.currentBanners(for: schoolID, at: now)
        cache.store(Entry(version: version, banners: banners), forKey: schoolID)
        return banners.filter { $0.isShown(at: now) }
    }
}
