import CartableCore
import CartableStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// A person's private calendar feed (iCalendar): the settings page that makes the secret link, and the feed
/// that calendar apps fetch with no session, answering `If-None-Match` with 304.
struct CalendarFeedPages: Sendable {
    let services: AppServices
    var actions: TimetableActions { TimetableActions(services: services) }

    /// How far the feed reaches: a week back, five weeks ahead.
    static let daysBefore = 7
    static let daysAfter = 35

    /// The settings page's routes (pages group).
    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.calendarSettings, use: settings)
        router.post(TimetableRoutes.calendarSettings, use: makeLink)
        router.post(TimetableRoutes.removeCalendar, use: removeLink)
    }

    /// The feed's route (its own group: no session, no CSRF).
    func addFeedRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.feed, use: feed)
    }

    @Sendable func settings(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let createdAt = try await services.storage.calendarFeeds.feedCreatedAt(of: viewer.user.id)
        return page(createdAt: createdAt, link: nil, viewer: viewer, request: request, context: context)
    }

    /// Makes a new secret link (the old one stops working at once) and shows it, once.
    @Sendable func makeLink(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let secret = SessionToken.make()
        let now = services.clock.now()
        try await services.storage.calendarFeeds.replaceFeed(
            of: viewer.user.id, in: viewer.schoolID, tokenDigest: SessionToken.digest(secret), at: now)
        let host = request.head.authority ?? "127.0.0.1"
        let link = "\(context.isSecure ? "https" : "http")://\(host)\(TimetableRoutes.feed.href(FeedToken(secret: secret)))"
        var response = page(createdAt: now, link: link, viewer: viewer, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func removeLink(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        try await services.storage.calendarFeeds.removeFeed(of: viewer.user.id)
        return services.redirect(to: TimetableRoutes.calendarSettings.href, notice: "calendarRemoved")
    }

    private func page(createdAt: Date?, link: String?, viewer: Viewer, request: Request, context: AppRequestContext) -> Response {
        let t = context.localizer
        let page = CalendarSettingsPage(createdAt: createdAt, link: link, timeZone: viewer.school.timeZone, t: t)
        return services.page(.calendar, content: page, title: t("calendarTitle"), section: .devices, request: request, context: context)
    }

    /// The feed: the person's courses (their classes', their children's, or those they teach) and homework due.
    @Sendable func feed(request: Request, context: AppRequestContext, token: FeedToken) async throws -> Response {
        guard let secret = token.secret, let owner = try await services.storage.calendarFeeds.owner(ofTokenDigest: SessionToken.digest(secret)),
            let viewer = try await services.storage.identity.viewer(for: owner), !viewer.user.isDisabled
        else { throw NotFound() }
        let today = services.today(for: viewer)
        let range = today.adding(days: -Self.daysBefore)...today.adding(days: Self.daysAfter)
        let pupils = services.policy.followedPupils(viewer)
        var scopes = [ContentVersions.scope(ofSchoolYear: viewer.schoolID)]
        for pupil in pupils { scopes += TimetableActions.scopes(of: pupil, schoolID: viewer.schoolID) + AppServices.scopes(of: pupil) }
        if viewer.role == .teacher { scopes.append(ContentVersions.scope(ofTeacherTimetable: viewer.user.id)) }
        var parts = Set(scopes).sorted().map { "\($0)=\(services.storage.versions.version(of: $0))" }
        parts += [viewer.user.id.rawValue, today.iso, "feed"]
        let etag = "\"c\(SHA256.hash(data: Data(parts.joined(separator: "\n").utf8)).prefix(12).hexString)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "private, no-cache"]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }

        let t = Localizer(.fr)
        var calendar = ICalendar(
            name: t("calendarName", ["name": viewer.role == .guardian ? viewer.user.displayName : viewer.user.firstName]),
            timeZone: viewer.school.timeZone, stamp: services.clock.now())
        if viewer.role == .teacher {
            let slice = try await actions.teacherSlice(viewer: viewer, range: range)
            calendar.events += Self.courseEvents(slice: slice, range: range, prefix: nil, showClass: true, t: t)
        }
        for pupil in pupils {
            let prefix = viewer.role == .guardian ? pupil.pupil.firstName : nil
            let slice = try await actions.slice(for: pupil, viewer: viewer, range: range)
            calendar.events += Self.courseEvents(slice: slice, range: range, prefix: prefix, showClass: false, t: t)
            let entries = try await services.classReads.entries(of: pupil.classIDs, in: viewer.schoolID, kind: .due, range: range, storage: services.storage)
            for entry in entries where services.policy.allows(viewer, .readEntry(entry)) {
                guard let due = entry.content.dueDate, !entry.content.work.isEmpty else { continue }
                let summary = t("calendarHomework", ["subject": entry.content.subject])
                calendar.events.append(
                    ICalendar.Event(
                        uid: "entry-\(entry.id)-\(pupil.pupil.id)@cartable", when: .allDay(due),
                        summary: prefix.map { "\($0) · \(summary)" } ?? summary, description: entry.content.work))
            }
        }
        headers[.contentType] = "text/calendar; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: calendar.text)))
    }

    /// One event per occurrence: its room as the place, its teachers and changes in the description.
    static func courseEvents(slice: TimetableSlice, range: ClosedRange<LocalDate>, prefix: String?, showClass: Bool, t: Localizer) -> [ICalendar.Event] {
        slice.occurrences(in: range).map { occurrence in
            let row = CourseRowModel(occurrence, slice: slice, showClass: showClass, t: t)
            let summary = occurrence.course.subject + (occurrence.isCancelled ? " (\(t("courseCancelled").lowercased()))" : "")
            return ICalendar.Event(
                uid: "course-\(occurrence.course.id)-\(occurrence.plannedDate.iso)@cartable",
                when: .timed(day: occurrence.date, start: occurrence.start, end: occurrence.end),
                summary: prefix.map { "\($0) · \(summary)" } ?? summary,
                location: occurrence.room.isEmpty ? "" : t("courseRoom", ["room": occurrence.room]).capitalizedFirst,
                description: ([row.detail ?? ""] + row.changes + [row.note ?? ""]).filter { !$0.isEmpty }.joined(separator: "\n"),
                isCancelled: occurrence.isCancelled)
        }
    }
}
