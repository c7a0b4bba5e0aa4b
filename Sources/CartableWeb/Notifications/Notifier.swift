import CartableCore
import CartableStore
import Crypto
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Queues the e-mail people asked for (immediate, daily or weekly), never in their quiet hours, one line per person and
/// thing; the dispatcher sends them.
struct Notifier: Sendable {
    let services: AppServices

    /// Each person's settings, the defaults where they saved none.
    func settings(of users: [User], in schoolID: School.ID) async throws -> [User.ID: NotificationSettings] {
        let saved = try await services.storage.notifications.settings(of: users.map(\.id), in: schoolID)
        var all: [User.ID: NotificationSettings] = [:]
        for user in users { all[user.id] = saved[user.id] ?? NotificationSettings.defaults(for: user) }
        return all
    }

    /// Queues "a message from `sender`" for its recipients (nothing when no SMTP server is configured).
    func messageSent(_ message: Message, subject: String, sender: User, zone: TimeZone) async throws {
        guard services.configuration.smtp != nil else { return }
        let people = try await services.storage.messages.people(Set(message.recipientIDs), in: message.schoolID)
        let line = services.localizer("emailLineMessage", ["name": sender.displayName, "subject": subject])
        try await enqueue(
            to: Array(people.values), schoolID: message.schoolID, sender: sender.id, kind: "message", refID: message.id.rawValue, line: line,
            link: MessageRoutes.thread.href(message.threadID), at: message.sentAt, zone: zone)
    }

    /// Queues an announcement for the guardians among its readers.
    func announced(_ announcement: Announcement, author: User, zone: TimeZone) async throws {
        guard services.configuration.smtp != nil, announcement.audience.contains(.guardians) else { return }
        let messages = services.storage.messages
        var guardianIDs: Set<User.ID> = []
        if announcement.classIDs.isEmpty {
            let everyone = try await messages.contacts(try await messages.members(of: .wholeSchool, in: announcement.schoolID), in: announcement.schoolID)
            guardianIDs = Set(everyone.filter { $0.user.role == .guardian }.map(\.user.id))
        } else {
            for classID in announcement.classIDs { guardianIDs.formUnion(try await messages.members(of: .guardians(of: classID), in: announcement.schoolID)) }
        }
        let people = try await messages.people(guardianIDs, in: announcement.schoolID)
        let line = services.localizer("emailLineAnnouncement", ["name": author.displayName, "title": announcement.title])
        try await enqueue(
            to: Array(people.values), schoolID: announcement.schoolID, sender: author.id, kind: "announcement", refID: announcement.id.rawValue, line: line,
            link: AnnouncementRoutes.announcement.href(announcement.id), at: max(announcement.createdAt, announcement.visibleFrom), zone: zone)
    }

    private func enqueue(
        to users: [User], schoolID: School.ID, sender: User.ID, kind: String, refID: String, line: String, link: String, at instant: Date, zone: TimeZone
    ) async throws {
        let settings = try await settings(of: users.filter { !$0.isDisabled }, in: schoolID)
        let items = settings.values.compactMap { s -> OutboxItem? in
            guard let due = s.emailDue(after: instant, in: zone) else { return nil }
            return OutboxItem(
                id: UUID().uuidString.lowercased(), schoolID: schoolID, userID: s.userID, senderID: sender, kind: kind, refID: refID, line: line, link: link,
                dueAt: due)
        }
        try await services.storage.notifications.enqueue(items, at: services.clock.now())
    }

    /// Of `recipients`, those in their quiet hours at `instant`, and when the first of them will be told.
    func quiet(_ recipients: [User], at instant: Date, zone: TimeZone, schoolID: School.ID) async throws -> (count: Int, until: Date?) {
        let settings = try await settings(of: recipients, in: schoolID)
        let quiet = settings.values.compactMap { s -> Date? in
            guard let hours = s.quiet, hours.contains(instant, in: zone) else { return nil }
            return hours.end(after: instant, in: zone)
        }
        return (quiet.count, quiet.min())
    }
}

extension AppServices {
    /// Words in the platform's language (French), for what is not read in a request (e-mail).
    var localizer: Localizer { Localizer(.fr) }
}

/// Sends what is due in the outbox, a chunk at a time: one e-mail per person per pass, with every line due for them
/// (several messages within seconds make one e-mail: never a flood, never a duplicate), through the SMTP server.
struct EmailDispatcher: Service {
    let services: AppServices
    let smtp: SMTPConfiguration
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await sendDue() == services.configuration.emailChunk {}
                } catch {
                    services.logger.warning("could not send e-mail", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: returns how many outbox lines it took.
    @discardableResult
    func sendDue() async throws -> Int {
        let store = services.storage.notifications
        let now = services.clock.now()
        let items = try await store.claimDue(at: now, limit: services.configuration.emailChunk)
        guard !items.isEmpty else { return 0 }
        let byUser = Dictionary(grouping: items, by: \.userID)
        var emails: [(ids: [String], message: EmailMessage)] = []
        var skipped: [String] = []
        for (userID, lines) in byUser.sorted(by: { $0.key < $1.key }) {
            let schoolID = lines[0].schoolID
            let settings = try await store.settings(of: [userID], in: schoolID)[userID]
            guard let settings, let address = settings.email, settings.emailMode != .off, let token = settings.unsubscribeToken else {
                skipped += lines.map(\.id)  // unsubscribed since: marked sent, never sent
                continue
            }
            emails.append((lines.map(\.id), Self.email(to: address, lines: lines, token: token, base: services.configuration.publicURL, t: services.localizer)))
        }
        try await store.markSent(skipped, at: now)
        guard !emails.isEmpty else { return items.count }
        do {
            let results = try await SMTPClient(configuration: smtp).send(emails.map(\.message))
            var sent: [String] = []
            var failed: [String] = []
            for (index, email) in emails.enumerated() {
                if index < results.count, results[index] == nil { sent += email.ids } else { failed += email.ids }
            }
            try await store.markSent(sent, at: services.clock.now())
            try await store.release(failed, retryAt: now.addingTimeInterval(600))
            Observability.emailsSent.increment(by: sent.count)
        } catch {
            // The server is down or refused the session: everything is tried again in a minute.
            try await store.release(emails.flatMap(\.ids), retryAt: now.addingTimeInterval(60))
            throw error
        }
        return items.count
    }

    /// The e-mail for one person: a line per thing, a link each, the unsubscribe link.
    static func email(to address: String, lines: [OutboxItem], token: String, base: String, t: Localizer) -> EmailMessage {
        let unsubscribe = base + NotificationRoutes.unsubscribe.href(token)
        let subject = lines.count == 1 ? t("emailSubjectOne", ["line": lines[0].line]) : t("emailSubjectMany", ["count": String(lines.count)])
        var text = t("emailHello") + "\n\n"
        for line in lines.sorted(by: { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }) { text += "• \(line.line)\n  \(base)\(line.link)\n\n" }
        text += t("emailFooter", ["link": unsubscribe]) + "\n"
        return EmailMessage(
            to: address, subject: subject, text: text,
            headers: [EmailHeader("List-Unsubscribe", "<\(unsubscribe)>"), EmailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
    }
}
