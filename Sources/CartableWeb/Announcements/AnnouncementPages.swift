import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Announcements' and banners' paths.
enum AnnouncementRoutes {
    /// What is announced now to the person (and, for authors, what they announced).
    static let list = Path("/announcements")
    /// The form; it posts here.
    static let new = Path("/announcements/new")
    /// One announcement; for its author and staff, who read it.
    static let announcement = Path1<Announcement.ID>("/announcements/:announcementID")
    /// "J'ai lu" (`pupil` in the form for a guardian).
    static let acknowledge = Path1<Announcement.ID>("/announcements/:announcementID/ack")
    /// The author reminds those who have not said they read it.
    static let remind = Path1<Announcement.ID>("/announcements/:announcementID/remind")
    /// Staff's urgent banners: the current ones, and the form.
    static let banners = Path("/banners")
    /// Takes a banner down.
    static let endBanner = Path1<Banner.ID>("/banners/:bannerID/end")

    static let all: [any DeclaredPath] = [list, new, announcement, acknowledge, remind, banners, endBanner]
}

struct AnnouncementPages: Sendable {
    let services: AppServices
    var actions: AnnouncementActions { AnnouncementActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(AnnouncementRoutes.list, use: list)
        router.get(AnnouncementRoutes.new, use: newForm)
        router.post(AnnouncementRoutes.new, use: publish)
        router.get(AnnouncementRoutes.announcement, use: show)
        router.post(AnnouncementRoutes.acknowledge, use: acknowledge)
        router.post(AnnouncementRoutes.remind, use: remind)
        router.get(AnnouncementRoutes.banners, use: banners)
        router.post(AnnouncementRoutes.banners, use: putBanner)
        router.post(AnnouncementRoutes.endBanner, use: endBanner)
    }

    /// For a pupil or a guardian: what is announced to them (each child); for teachers and staff: theirs, and staff all.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        var sections: [AnnouncementsPage.Section] = []
        var mayPublish = false
        switch viewer.role {
        case .pupil, .guardian:
            for pupil in services.policy.followedPupils(viewer) {
                let shown = try await actions.shown(for: pupil, viewer: viewer)
                sections.append(.init(heading: viewer.role == .guardian ? pupil.pupil.firstName : nil, items: AnnouncementsPage.items(shown, pupil: pupil, t: t, zone: viewer.school.timeZone)))
            }
        case .teacher, .staff:
            mayPublish = true
            let mine = try await services.storage.announcements.announcements(
                in: viewer.schoolID, by: viewer.role == .staff ? nil : viewer.user.id, at: services.clock.now(), limit: 50)
            let authors = try await services.storage.messages.people(Set(mine.map(\.authorID)), in: viewer.schoolID)
            sections.append(
                .init(
                    heading: nil,
                    items: mine.map {
                        AnnouncementsPage.Item(
                            title: $0.title, body: $0.body, meta: AnnouncementsPage.meta($0, author: authors[$0.authorID], t: t, zone: viewer.school.timeZone),
                            href: AnnouncementRoutes.announcement.href($0.id), ackAction: nil, pupilID: nil, acknowledged: false, needsAck: $0.needsAck)
                    }))
        }
        let content = AnnouncementsPage(sections: sections, mayPublish: mayPublish, isStaff: viewer.role == .staff)
        var response = services.page(.announcements, content: content, title: t("announcementsTitle"), section: .messages, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard viewer.role == .teacher || viewer.role == .staff else { throw NotFound() }
        let today = services.today(for: viewer)
        return try await formPage(
            values: ["from": today.iso, "until": today.adding(days: 7).iso, "pupils": "1", "guardians": "1"], classes: [], errors: nil, status: .ok,
            viewer: viewer, request: request, context: context)
    }

    private func formPage(
        values: [String: String], classes: Set<String>, errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let all = try await services.storage.schools.classes(in: viewer.schoolID)
        let offered = viewer.role == .staff ? all : all.filter { viewer.taughtClassIDs.contains($0.id) }
        let content = AnnouncementFormPage(
            values: values, classes: offered.map { ($0.id.rawValue, $0.name, classes.contains($0.id.rawValue)) }, wholeSchool: viewer.role == .staff,
            errors: errors.map { t.fieldErrors($0) } ?? [:], hasErrors: errors != nil)
        var response = services.page(.announcementForm, content: content, title: t("announcementNewTitle"), section: .messages, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func publish(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard viewer.role == .teacher || viewer.role == .staff else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let input = AnnouncementInput(
            title: form["title"], body: form["body"], toPupils: form["pupils"] == "1", toGuardians: form["guardians"] == "1", classIDs: form.all("classes"),
            from: form["from"], until: form["until"], needsAck: form["needsAck"] == "1")
        do {
            let a = try await actions.publish(input, viewer: viewer)
            return services.redirect(to: AnnouncementRoutes.announcement.href(a.id), notice: "announcementPublished")
        } catch let error as ValidationError {
            var values: [String: String] = [:]
            for key in ["title", "body", "from", "until", "pupils", "guardians", "needsAck"] { values[key] = form[key] ?? "" }
            return try await formPage(
                values: values, classes: Set(form.all("classes")), errors: error, status: .unprocessableContent, viewer: viewer, request: request,
                context: context)
        }
    }

    @Sendable func show(request: Request, context: AppRequestContext, id: Announcement.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let t = context.localizer
        let a = try await actions.readable(id, viewer: viewer)
        var follow: AnnouncementActions.Follow?
        if services.policy.allows(viewer, .followAnnouncement(a)) { follow = try await actions.follow(id, viewer: viewer).1 }
        let author = try await services.storage.messages.people([a.authorID], in: viewer.schoolID)[a.authorID]
        var ackItems: [AnnouncementsPage.Item] = []
        if viewer.role == .pupil || viewer.role == .guardian {
            for pupil in services.policy.followedPupils(viewer) where a.concerns(classes: pupil.classIDs) {
                ackItems += AnnouncementsPage.items(try await actions.shown(for: pupil, viewer: viewer).filter { $0.announcement.id == id }, pupil: pupil, t: t, zone: viewer.school.timeZone)
            }
        }
        let content = AnnouncementPage(
            announcement: a, meta: AnnouncementsPage.meta(a, author: author, t: t, zone: viewer.school.timeZone), follow: follow,
            mayRemind: a.needsAck && a.authorID == viewer.user.id && !(follow?.waiting.isEmpty ?? true), ackItems: ackItems, zone: viewer.school.timeZone, t: t)
        var response = services.page(.announcement, content: content, title: a.title, section: .messages, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func acknowledge(request: Request, context: AppRequestContext, id: Announcement.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        try await actions.acknowledge(id, pupilRaw: form["pupil"], viewer: viewer)
        let back = Route.safeLocalPath(form["back"]) ?? AnnouncementRoutes.announcement.href(id)
        return services.redirect(to: back, notice: "announcementAcknowledged")
    }

    @Sendable func remind(request: Request, context: AppRequestContext, id: Announcement.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let count = try await actions.remind(id, viewer: viewer, t: context.localizer)
        return services.redirect(to: AnnouncementRoutes.announcement.href(id), notice: "announcementReminded", count: count)
    }

    @Sendable func banners(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        return try await bannersPage(values: ["minutes": "120"], errors: nil, status: .ok, viewer: viewer, request: request, context: context)
    }

    private func bannersPage(
        values: [String: String], errors: ValidationError?, status: HTTPResponse.Status, viewer: Viewer, request: Request, context: AppRequestContext
    ) async throws -> Response {
        guard services.policy.allows(viewer, .putBanner(schoolID: viewer.schoolID)) else { throw NotFound() }
        let t = context.localizer
        let current = try await services.storage.announcements.currentBanners(for: viewer.schoolID, at: services.clock.now())
        let content = BannersPage(
            banners: current.map { b in
                BannersPage.Item(
                    text: b.text, until: t.dateTime(b.endsAt, in: viewer.school.timeZone), isPlatform: b.schoolID == nil,
                    endAction: b.schoolID == nil ? nil : AnnouncementRoutes.endBanner.href(b.id))
            }, values: values, errors: errors.map { t.fieldErrors($0) } ?? [:])
        var response = services.page(.banners, content: content, title: t("bannersTitle"), section: .messages, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func putBanner(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .putBanner(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        do {
            try await actions.putBanner(BannerInput(text: form["text"], minutes: form["minutes"]), viewer: viewer)
        } catch let error as ValidationError {
            return try await bannersPage(
                values: ["text": form["text"] ?? "", "minutes": form["minutes"] ?? ""], errors: error, status: .unprocessableContent, viewer: viewer,
                request: request, context: context)
        }
        return services.redirect(to: AnnouncementRoutes.banners.href, notice: "bannerShown")
    }

    @Sendable func endBanner(request: Request, context: AppRequestContext, id: Banner.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        try await actions.endBanner(id, viewer: viewer)
        return services.redirect(to: AnnouncementRoutes.banners.href, notice: "bannerEnded")
    }
}

/// The list of announcements.
struct AnnouncementsPage {
    struct Item {
        var title: String
        var body: String
        var meta: String
        var href: String
        var ackAction: String?
        var pupilID: String?
        var acknowledged: Bool
        var needsAck: Bool
    }

    struct Section {
        var heading: String?
        var items: [Item]
        var hasItems: Bool

        init(heading: String?, items: [Item]) {
            self.heading = heading
            self.items = items
            hasItems = !items.isEmpty
        }
    }

    var sections: [Section]
    var mayPublish: Bool
    var isStaff: Bool
    var newHref = AnnouncementRoutes.new.href
    var bannersHref = AnnouncementRoutes.banners.href

    static func meta(_ a: Announcement, author: User?, t: Localizer, zone: TimeZone) -> String {
        t("announcementMeta", ["author": author?.displayName ?? t("someone"), "until": t.dateTime(a.visibleUntil.addingTimeInterval(-60), in: zone)])
    }

    static func items(_ shown: [AnnouncementActions.Shown], pupil: Viewer.Child, t: Localizer, zone: TimeZone) -> [Item] {
        shown.map { s in
            Item(
                title: s.announcement.title, body: s.announcement.body, meta: meta(s.announcement, author: s.author, t: t, zone: zone),
                href: AnnouncementRoutes.announcement.href(s.announcement.id),
                ackAction: s.mayAcknowledge && !s.acknowledged ? AnnouncementRoutes.acknowledge.href(s.announcement.id) : nil,
                pupilID: pupil.pupil.id.rawValue, acknowledged: s.acknowledged, needsAck: s.announcement.needsAck)
        }
    }
}

/// The form.
struct AnnouncementFormPage {
    struct Choice {
        var id: String
        var name: String
        var isChecked: Bool
    }

    var values: [String: String]
    var classes: [Choice]
    var wholeSchool: Bool
    var errors: [String: String]
    var hasErrors: Bool
    var action = AnnouncementRoutes.new.href
    var toPupils: Bool
    var toGuardians: Bool
    var needsAck: Bool

    init(values: [String: String], classes: [(String, String, Bool)], wholeSchool: Bool, errors: [String: String], hasErrors: Bool) {
        self.values = values
        toPupils = values["pupils"] == "1"
        toGuardians = values["guardians"] == "1"
        needsAck = values["needsAck"] == "1"
        self.classes = classes.map { Choice(id: $0.0, name: $0.1, isChecked: $0.2) }
        self.wholeSchool = wholeSchool
        self.errors = errors
        self.hasErrors = hasErrors
    }
}

/// One announcement, and for its author who read it.
struct AnnouncementPage {
    struct Reader {
        var name: String
        var when: String?
    }

    var title: String
    var body: String
    var meta: String
    var follows: Bool
    var done: [Reader]
    var waiting: [Reader]
    var doneCount: Int
    var waitingCount: Int
    var remindAction: String?
    var ackItems: [AnnouncementsPage.Item]
    var backHref = AnnouncementRoutes.list.href

    init(
        announcement a: Announcement, meta: String, follow: AnnouncementActions.Follow?, mayRemind: Bool, ackItems: [AnnouncementsPage.Item],
        zone: TimeZone, t: Localizer
    ) {
        title = a.title
        body = a.body
        self.meta = meta
        follows = follow != nil && a.needsAck
        func name(_ r: AnnouncementActions.Follow.Reader) -> String {
            r.user.id == r.pupil.id ? r.user.displayName : t("announcementForChild", ["name": r.user.displayName, "child": r.pupil.firstName])
        }
        done = (follow?.done ?? []).map { Reader(name: name($0), when: $0.at.map { t.dateTime($0, in: zone) }) }
        waiting = (follow?.waiting ?? []).map { Reader(name: name($0), when: nil) }
        doneCount = done.count
        waitingCount = waiting.count
        remindAction = mayRemind ? AnnouncementRoutes.remind.href(a.id) : nil
        self.ackItems = ackItems
    }
}

/// Staff's banners.
struct BannersPage {
    struct Item {
        var text: String
        var until: String
        var isPlatform: Bool
        var endAction: String?
    }

    var banners: [Item]
    var hasBanners: Bool
    var values: [String: String]
    var errors: [String: String]
    var action = AnnouncementRoutes.banners.href

    init(banners: [Item], values: [String: String], errors: [String: String]) {
        self.banners = banners
        hasBanners = !banners.isEmpty
        self.values = values
        self.errors = errors
    }
}
