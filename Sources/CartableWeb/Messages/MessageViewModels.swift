import CartableCore
import CartableStore
import Foundation

/// How the people of a thread are named in a list: "Claire Moreau, Paul Durand et 3 autres".
func namesLine(_ ids: [User.ID], people: [User.ID: User], total: Int? = nil, t: Localizer) -> String {
    let names = ids.prefix(3).compactMap { people[$0]?.displayName }
    let rest = (total ?? ids.count) - names.count
    if names.isEmpty { return t("nobody") }
    return rest > 0 ? t("namesAndOthers", ["names": names.joined(separator: ", "), "count": String(rest)]) : names.joined(separator: ", ")
}

/// What a page says when one may not send (not an error: nothing was tried).
func closedNotice(_ problem: FieldIssue.Problem?, t: Localizer) -> String? {
    switch problem {
    case .messagingRestricted?: t("closedRestricted")
    case .writingSuspended?: t("closedSuspended")
    case let other?: t.problem(other)
    case nil: nil
    }
}

/// One's message box.
struct InboxPage {
    static let perPage = 30

    struct Item {
        var href: String
        var subject: String
        var people: String
        var when: String
        var unread: String?
        var isUnread: Bool
    }

    var items: [Item]
    var hasItems: Bool
    var search: String
    var isSearch: Bool
    var closedText: String?
    var newHref: String
    var settingsHref: String?
    var nextHref: String?
    var previousHref: String?

    init(
        threads: [InboxThread], people: [User.ID: User], search: String, page: Int, closed: FieldIssue.Problem?, isStaff: Bool, zone: TimeZone,
        t: Localizer
    ) {
        let shown = search.isEmpty ? Array(threads.prefix(Self.perPage)) : threads
        items = shown.map { listed in
            Item(
                href: MessageRoutes.thread.href(listed.thread.id), subject: listed.thread.subject,
                people: namesLine(listed.otherIDs, people: people, t: t), when: t.dateTime(listed.lastAt, in: zone),
                unread: listed.unread > 0 ? t("unreadCount", ["count": String(listed.unread)]) : nil, isUnread: listed.unread > 0)
        }
        hasItems = !items.isEmpty
        self.search = search
        isSearch = !search.isEmpty
        closedText = closedNotice(closed, t: t)
        newHref = MessageRoutes.new.href
        settingsHref = isStaff ? MessageRoutes.settings.href : nil
        nextHref = search.isEmpty && threads.count > Self.perPage ? MessageRoutes.inbox.href(query: ["page": String(page + 1)]) : nil
        previousHref = search.isEmpty && page > 1 ? MessageRoutes.inbox.href(query: ["page": String(page - 1)]) : nil
    }
}

/// What the writing form carries between its steps.
struct ComposeDraft: Sendable {
    var people: [String]
    var lists: [String]
    var find: String
    var subject: String
    var body: String
    var noReply: Bool
}

/// The writing form.
struct ComposePage {
    struct Choice {
        var value: String
        var label: String
        var isChecked: Bool
        var id: String
    }

    var action: String
    var lists: [Choice]
    var hasLists: Bool
    var people: [Choice]
    var hasPeople: Bool
    var find: String
    var searched: Bool
    var foundNobody: Bool
    var foundMore: Bool
    var subject: String
    var body: String
    var mayNoReply: Bool
    var noReply: Bool
    var closedText: String?
    var errors: [String: String]
    var hasErrors: Bool
    var subjectMax = MessageInput.Limits.subject
    var bodyMax = MessageInput.Limits.body

    init(
        draft: ComposeDraft, lists: [MessageActions.ListChoice], chosen: [MessagingContact], found: [MessagingContact], closed: FieldIssue.Problem?,
        mayNoReply: Bool, errors: ValidationError?, t: Localizer
    ) {
        action = MessageRoutes.new.href
        let checkedLists = Set(draft.lists)
        self.lists = lists.enumerated().map { index, choice in
            Choice(value: choice.list.key, label: choice.label, isChecked: checkedLists.contains(choice.list.key), id: "list-\(index)")
        }
        hasLists = !lists.isEmpty
        var seen: Set<User.ID> = []
        var people: [Choice] = []
        func role(_ user: User) -> String { t.role(user.role) }
        for contact in chosen where seen.insert(contact.user.id).inserted {
            people.append(
                Choice(value: contact.user.id.rawValue, label: "\(contact.user.displayName) (\(role(contact.user)))", isChecked: true, id: "p-\(people.count)"))
        }
        for contact in found where seen.insert(contact.user.id).inserted {
            people.append(
                Choice(value: contact.user.id.rawValue, label: "\(contact.user.displayName) (\(role(contact.user)))", isChecked: false, id: "p-\(people.count)"))
        }
        self.people = people
        hasPeople = !people.isEmpty
        find = draft.find
        searched = TextRules.clean(draft.find).count >= 2
        foundNobody = searched && found.isEmpty
        foundMore = found.count >= MessageActions.searchLimit
        subject = draft.subject
        body = draft.body
        self.mayNoReply = mayNoReply
        noReply = draft.noReply
        closedText = closedNotice(closed, t: t)
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
    }
}

/// A thread as one person reads it.
struct ThreadPage {
    struct Item {
        var id: String
        var author: String
        var when: String
        var body: String?
        var isRecalled: Bool
        var isMine: Bool
        var isNew: Bool
        var isLast: Bool
        var to: String?
        var recallAction: String?
        var reportAction: String?
        var attachmentHref: String?
        var attachmentName: String?
    }

    var subject: String
    var items: [Item]
    var noReplyText: String?
    var mayReply: Bool
    var replyAction: String
    var replyTo: String
    var closedText: String?
    var body: String
    var errors: [String: String]
    var errorText: String?
    var sentText: String?
    var neverSignedInText: String?
    /// Those in quiet hours, and when they will be told.
    var quietText: String?
    var deleteAction: String
    var backHref: String
    var bodyMax = MessageInput.Limits.body

    init(
        view: ThreadView, viewer: Viewer, people: [User.ID: User], justSent: Bool, neverSignedIn: [User], closed: FieldIssue.Problem?,
        replyTo: [String], body: String, errors: ValidationError?, now: Date, t: Localizer
    ) {
        let zone = viewer.school.timeZone
        subject = view.thread.subject
        items = view.items.enumerated().map { index, item in
            let message = item.message
            let isMine = message.authorID == viewer.user.id
            return Item(
                id: message.id.rawValue, author: people[message.authorID]?.displayName ?? t("someone"), when: t.dateTime(message.sentAt, in: zone),
                body: message.recalledAt == nil || isMine ? message.body : nil, isRecalled: message.recalledAt != nil, isMine: isMine,
                isNew: item.wasUnread, isLast: index == view.items.count - 1,
                to: isMine ? t("messageTo", ["names": namesLine(message.recipientIDs, people: people, t: t)]) : nil,
                recallAction: isMine && message.isRecallable(at: now) ? MessageRoutes.recall.href(view.thread.id, message.id) : nil,
                reportAction: !isMine && message.recalledAt == nil ? MessageRoutes.report.href(view.thread.id, message.id) : nil,
                attachmentHref: message.attachment.map { _ in MessageRoutes.attachment.href(view.thread.id, message.id) },
                attachmentName: message.attachment.map { "\($0.name) (\(t.bytes($0.size)))" })
        }
        let isStarter = view.thread.startedBy == viewer.user.id
        noReplyText = view.thread.noReply && !isStarter ? t("messageNoReply") : nil
        closedText = closedNotice(closed, t: t)
        mayReply = noReplyText == nil && closed == nil && !replyTo.isEmpty
        replyAction = MessageRoutes.reply.href(view.thread.id)
        self.replyTo = t("messageReplyTo", ["names": replyTo.prefix(3).joined(separator: ", ") + (replyTo.count > 3 ? "…" : "")])
        self.body = body
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        errorText = errors.map { t.fieldErrors($0).values.sorted().joined(separator: " ") }
        sentText = justSent ? t("messageSent") : nil
        if neverSignedIn.isEmpty {
            neverSignedInText = nil
        } else {
            let names = neverSignedIn.prefix(5).map(\.displayName).joined(separator: ", ")
            let who = neverSignedIn.count > 5 ? t("namesAndOthers", ["names": names, "count": String(neverSignedIn.count - 5)]) : names
            neverSignedInText = t("messageNeverSignedIn", ["names": who, "count": String(neverSignedIn.count)])
        }
        deleteAction = MessageRoutes.delete.href(view.thread.id)
        backHref = MessageRoutes.inbox.href
    }
}

/// Staff's page.
struct MessagingSettingsPage {
    struct Reported {
        var report: MessageReport
        var message: Message
        var thread: MessageThread
        var messages: [Message]
    }

    struct ReportItem {
        struct Line {
            var author: String
            var when: String
            var body: String
            var isReported: Bool
        }

        var subject: String
        var reporter: String
        var when: String
        var note: String?
        var author: String
        var lines: [Line]
        var suspendAction: String?
    }

    struct LogItem {
        var text: String
    }

    struct Suspended {
        var name: String
        var since: String
        var action: String
    }

    var action: String
    var pupilsWritePupils: Bool
    var staffOnly: Bool
    var platformStaffOnly: Bool
    var log: [LogItem]
    var hasLog: Bool
    var reports: [ReportItem]
    var hasReports: Bool
    var suspended: [Suspended]
    var hasSuspended: Bool

    init(
        settings: MessagingSettings, log: [MessagingSwitchChange], reported: [Reported], suspensions: [(userID: User.ID, at: Date)],
        people: [User.ID: User], zone: TimeZone, t: Localizer
    ) {
        action = MessageRoutes.settings.href
        pupilsWritePupils = settings.pupilsWritePupils
        staffOnly = settings.staffOnly
        platformStaffOnly = settings.platformStaffOnly
        self.log = log.map { change in
            let who = change.schoolID == nil ? t("platformOperator") : (change.changedBy.flatMap { people[$0]?.displayName } ?? t("someone"))
            let key = change.staffOnly ? "switchLogOn" : "switchLogOff"
            return LogItem(text: t(key, ["who": who, "when": t.dateTime(change.changedAt, in: zone)]) + (change.note.isEmpty ? "" : " — \(change.note)"))
        }
        hasLog = !self.log.isEmpty
        let suspendedIDs = Set(suspensions.map(\.userID))
        reports = reported.map { item in
            let author = people[item.message.authorID]
            return ReportItem(
                subject: item.thread.subject, reporter: people[item.report.reporterID]?.displayName ?? t("someone"),
                when: t.dateTime(item.report.reportedAt, in: zone), note: item.report.note.isEmpty ? nil : item.report.note,
                author: author?.displayName ?? t("someone"),
                lines: item.messages.map { message in
                    ReportItem.Line(
                        author: people[message.authorID]?.displayName ?? t("someone"), when: t.dateTime(message.sentAt, in: zone), body: message.body,
                        isReported: message.id == item.message.id)
                },
                suspendAction: author.map { $0.role != .staff && !suspendedIDs.contains($0.id) } == true
                    ? MessageRoutes.suspension.href(item.message.authorID) : nil)
        }
        hasReports = !reports.isEmpty
        suspended = suspensions.map { entry in
            Suspended(
                name: people[entry.userID]?.displayName ?? t("someone"), since: t.dateTime(entry.at, in: zone),
                action: MessageRoutes.suspension.href(entry.userID))
        }
        hasSuspended = !suspended.isEmpty
    }
}
