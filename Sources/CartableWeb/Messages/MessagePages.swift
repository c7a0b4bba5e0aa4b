import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Messages: one's box and search, a thread, writing, replying, recalling, reporting; staff's settings.
struct MessagePages: Sendable {
    let services: AppServices
    var actions: MessageActions { MessageActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(MessageRoutes.inbox, use: inbox)
        router.get(MessageRoutes.new, use: newForm)
        router.post(MessageRoutes.new, use: send)
        router.get(MessageRoutes.thread, use: thread)
        router.post(MessageRoutes.reply, use: reply)
        router.post(MessageRoutes.delete, use: delete)
        router.post(MessageRoutes.recall, use: recall)
        router.post(MessageRoutes.report, use: report)
        router.get(MessageRoutes.attachment, use: attachment)
        router.get(MessageRoutes.settings, use: settings)
        router.post(MessageRoutes.settings, use: saveSettings)
        router.post(MessageRoutes.suspension, use: suspend)
    }

    /// One's threads, newest first; `?q=` searches one's own messages.
    @Sendable func inbox(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let query = request.queryData
        let search = TextRules.clean(query["q"])
        let page = max(1, min(100, query["page"].flatMap { Int($0) } ?? 1))
        let scopes = [ContentVersions.scope(ofMessagingIn: viewer.schoolID)]
        return try await services.conditionalPage(request, context: context, scopes: scopes) {
            let store = services.storage.messages
            let threads =
                search.isEmpty
                ? try await store.inbox(of: viewer.user.id, in: viewer.schoolID, limit: InboxPage.perPage + 1, offset: (page - 1) * InboxPage.perPage)
                : try await store.search(String(search.prefix(100)), for: viewer.user.id, in: viewer.schoolID, limit: 50)
            let people = try await actions.people(Set(threads.flatMap(\.otherIDs)), viewer: viewer)
            let settings = try await store.settings(of: viewer.schoolID)
            let closed = try await actions.closedProblem(viewer: viewer, settings: settings)
            let content = InboxPage(
                threads: threads, people: people, search: search, page: page, closed: closed, isStaff: viewer.role == .staff,
                zone: viewer.school.timeZone, t: context.localizer)
            return services.page(.messages, content: content, title: context.localizer("messagesTitle"), section: .messages, request: request, context: context)
        }
    }

    /// The form, with `?to=` people already chosen.
    @Sendable func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let query = request.queryData
        let draft = ComposeDraft(people: query.all("to"), lists: query.all("list"), find: query["find"] ?? "", subject: "", body: "", noReply: false)
        return try await composePage(draft, errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    /// The form sent: "look for" someone (the form comes back with everything kept), or send.
    /// The form's fields and its file, if one came (a multipart form: the token is in the address, see CSRFMiddleware).
    /// A file refused (too large, of a kind not taken, infected) answers the form again with why, nothing sent.
    private func readForm(_ request: inout Request) async throws -> (FormData, StoredFile?) {
        if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            let upload = try await MultipartUpload.read(request, blobs: services.blobs, fileLimit: services.configuration.uploadLimits.fileSize)
            return (upload.fields, upload.file)
        }
        return (try await request.formData(limit: services.configuration.maximumBodySize), nil)
    }

    @Sendable func send(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form: FormData
        let file: StoredFile?
        do {
            (form, file) = try await readForm(&request)
        } catch let error as BlobTooLarge {
            let draft = ComposeDraft(people: [], lists: [], find: "", subject: "", body: "", noReply: false)
            return try await composePage(draft, errors: error.issues, status: .contentTooLarge, viewer: viewer, request: request, context: context)
        } catch let error as ValidationError {
            let draft = ComposeDraft(people: [], lists: [], find: "", subject: "", body: "", noReply: false)
            return try await composePage(draft, errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        let draft = ComposeDraft(
            people: form.all("to"), lists: form.all("list"), find: form["find"] ?? "", subject: form["subject"] ?? "", body: form["body"] ?? "",
            noReply: form["noReply"] == "1")
        if form["action"] == "find" {
            return try await composePage(draft, errors: nil, status: .ok, viewer: viewer, request: request, context: context)
        }
        do {
            let sent = try await actions.send(
                MessageInput(subject: draft.subject, body: draft.body), to: RecipientsInput(people: draft.people, lists: draft.lists),
                noReply: draft.noReply, attachment: file, viewer: viewer, t: context.localizer)
            return Response(status: .seeOther, headers: [.location: MessageRoutes.thread.href(sent.threadID) + "?sent=1"])
        } catch let error as ValidationError {
            return try await composePage(draft, errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
    }

    private func composePage(
        _ draft: ComposeDraft, errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let store = services.storage.messages
        let settings = try await store.settings(of: viewer.schoolID)
        let lists = try await actions.lists(viewer: viewer, settings: settings, t: t)
        let chosenIDs = draft.people.compactMap { User.ID(validating: TextRules.clean($0)) }
        let chosen = try await store.contacts(chosenIDs, in: viewer.schoolID).filter { MessagingRules.mayReach(viewer, $0, settings: settings) }
        let found = try await actions.reachable(matching: draft.find, viewer: viewer, settings: settings)
        var content = ComposePage(
            draft: draft, lists: lists, chosen: chosen, found: found, closed: try await actions.closedProblem(viewer: viewer, settings: settings),
            mayNoReply: services.policy.allows(viewer, .sendNoReply(schoolID: viewer.schoolID)), errors: errors, t: t)
        // A file comes with the form: the token travels in the address (see CSRFMiddleware).
        content.action = MessageRoutes.new.href(query: ["_csrf": context.csrfToken])
        var response = services.page(.messageNew, content: content, title: t("messageNewTitle"), section: .messages, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A thread, marked read as it opens.
    @Sendable func thread(request: Request, context: AppRequestContext, id: MessageThread.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let view = try await actions.open(id, viewer: viewer)
        // The menu's count was read before the thread was marked read: the page says the count after.
        var context = context
        context.unreadMessages = services.unread.current(viewer.user.id) ?? context.unreadMessages
        return try await threadPage(view, justSent: request.queryData["sent"] == "1", body: "", errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    private func threadPage(
        _ view: ThreadView, justSent: Bool, body: String, errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let store = services.storage.messages
        let people = try await actions.people(view.participantIDs, viewer: viewer)
        var neverSignedIn: [User] = []
        var quietText: String?
        if justSent, let last = view.items.last?.message, last.authorID == viewer.user.id {
            let recipients = try await store.contacts(last.recipientIDs, in: viewer.schoolID)
            neverSignedIn = recipients.filter { !$0.hasSignedIn }.map(\.user)
            // Right to disconnect: the sender writing at 22:00 is told when those in quiet hours will be told.
            let quiet = try await Notifier(services: services).quiet(
                recipients.map(\.user), at: services.clock.now(), zone: viewer.school.timeZone, schoolID: viewer.schoolID)
            if quiet.count > 0, let until = quiet.until {
                quietText = t("quietNotice", ["count": String(quiet.count), "when": t.dateTime(until, in: viewer.school.timeZone)])
            }
        }
        let settings = try await store.settings(of: viewer.schoolID)
        let closed = try await actions.closedProblem(viewer: viewer, settings: settings)
        let target = actions.replyTarget(view, viewer: viewer)
        var content = ThreadPage(
            view: view, viewer: viewer, people: people, justSent: justSent, neverSignedIn: neverSignedIn, closed: closed,
            replyTo: target.ids.compactMap { people[$0]?.displayName }, body: body, errors: errors, now: services.clock.now(), t: t)
        content.quietText = quietText
        content.replyAction = MessageRoutes.reply.href(view.thread.id) + "?_csrf=" + (context.csrfToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        var response = services.page(.messageThread, content: content, title: view.thread.subject, section: .messages, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A reply.
    @Sendable func reply(request: Request, context: AppRequestContext, id: MessageThread.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        // Only someone in the thread sends a file to it: checked before the body is read.
        _ = try await actions.readable(id, viewer: viewer)
        var request = request
        let form: FormData
        let file: StoredFile?
        do {
            (form, file) = try await readForm(&request)
        } catch let error as BlobTooLarge {
            let view = try await actions.readable(id, viewer: viewer)
            return try await threadPage(view, justSent: false, body: "", errors: error.issues, status: .contentTooLarge, viewer: viewer, request: request, context: context)
        } catch let error as ValidationError {
            let view = try await actions.readable(id, viewer: viewer)
            return try await threadPage(view, justSent: false, body: "", errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        do {
            _ = try await actions.reply(id, MessageInput(body: form["body"]), attachment: file, viewer: viewer, t: context.localizer)
            return Response(status: .seeOther, headers: [.location: MessageRoutes.thread.href(id) + "?sent=1#last"])
        } catch let error as ValidationError {
            let view = try await actions.readable(id, viewer: viewer)
            return try await threadPage(
                view, justSent: false, body: form["body"] ?? "", errors: error, status: .unprocessableContent, viewer: viewer, request: request,
                context: context)
        }
    }

    /// The file sent with a message, as documents are sent (its own type, a sandbox, never run as the site).
    @Sendable func attachment(request: Request, context: AppRequestContext, threadID: MessageThread.ID, messageID: Message.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let file = try await actions.attachment(threadID, messageID, viewer: viewer)
        return try await FileDownload.response(for: file, blobs: services.blobs, context: context)
    }

    /// Deletes the thread from one's box.
    @Sendable func delete(request: Request, context: AppRequestContext, id: MessageThread.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        try await actions.delete(id, viewer: viewer)
        return services.redirect(to: MessageRoutes.inbox.href, notice: "messageDeleted")
    }

    /// Its author recalls a message.
    @Sendable func recall(request: Request, context: AppRequestContext, threadID: MessageThread.ID, messageID: Message.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        do {
            try await actions.recall(threadID, messageID, viewer: viewer)
        } catch let error as ValidationError {
            let view = try await actions.readable(threadID, viewer: viewer)
            return try await threadPage(
                view, justSent: false, body: "", errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        return services.redirect(to: MessageRoutes.thread.href(threadID), notice: "messageRecalled")
    }

    /// Someone reports a message they received.
    @Sendable func report(request: Request, context: AppRequestContext, threadID: MessageThread.ID, messageID: Message.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            try await actions.report(threadID, messageID, note: form["note"], viewer: viewer)
        } catch let error as ValidationError {
            let view = try await actions.readable(threadID, viewer: viewer)
            return try await threadPage(
                view, justSent: false, body: "", errors: error, status: .unprocessableContent, viewer: viewer, request: request, context: context)
        }
        return services.redirect(to: MessageRoutes.thread.href(threadID), notice: "messageReported")
    }

    /// Staff's page: the rules, the switch and its log, reported messages, suspended people.
    @Sendable func settings(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageMessaging(schoolID: viewer.schoolID)) else { throw NotFound() }
        let t = context.localizer
        let store = services.storage.messages
        let settings = try await store.settings(of: viewer.schoolID)
        let log = try await store.switchLog(of: viewer.schoolID, limit: 20)
        var reported: [MessagingSettingsPage.Reported] = []
        for report in try await store.reports(in: viewer.schoolID, limit: 50) {
            guard let message = try await store.message(report.messageID, in: viewer.schoolID),
                let (thread, messages) = try await store.messages(inThread: message.threadID, in: viewer.schoolID, limit: 30)
            else { continue }
            reported.append(.init(report: report, message: message, thread: thread, messages: messages))
        }
        let suspensions = try await store.suspensions(in: viewer.schoolID)
        var ids = Set(log.compactMap(\.changedBy)).union(suspensions.map(\.userID))
        for item in reported { ids.insert(item.report.reporterID); ids.formUnion(item.messages.map(\.authorID)) }
        let people = try await actions.people(ids, viewer: viewer)
        let content = MessagingSettingsPage(
            settings: settings, log: log, reported: reported, suspensions: suspensions, people: people, zone: viewer.school.timeZone, t: t)
        var response = services.page(.messagingSettings, content: content, title: t("messagingSettingsTitle"), section: .messages, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Staff save the rules (the switch is one of them).
    @Sendable func saveSettings(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageMessaging(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let current = try await services.storage.messages.settings(of: viewer.schoolID)
        func flag(_ name: String, _ value: Bool) throws -> Bool {
            switch form[name] {
            case nil: return value
            case "1": return true
            case "0": return false
            default: throw ValidationError([FieldIssue(field: name, problem: .invalidChoice)])
            }
        }
        try await actions.setRules(
            pupilsWritePupils: try flag("pupilsWritePupils", current.pupilsWritePupils), staffOnly: try flag("staffOnly", current.staffOnly),
            viewer: viewer)
        return services.redirect(to: MessageRoutes.settings.href, notice: "messagingSaved")
    }

    /// Staff suspend (`suspended=1`) or give back (`0`) someone's right to write.
    @Sendable func suspend(request: Request, context: AppRequestContext, id: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageMessaging(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        guard let value = form["suspended"], value == "1" || value == "0" else {
            throw ValidationError([FieldIssue(field: "suspended", problem: .invalidChoice)])
        }
        try await actions.setSuspended(value == "1", id, viewer: viewer)
        return services.redirect(to: MessageRoutes.settings.href, notice: value == "1" ? "writingSuspendedNotice" : "writingRestoredNotice")
    }
}
