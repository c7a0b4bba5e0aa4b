import CartableCore
import CartableTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The routes come from the features' declarations: every path the router serves is declared, every declared path is
/// served, and each one, printed by its declaration with ids from ``World``, reaches a handler.
///
/// Reaching a handler is told apart from the router's "no such route" by asking as someone not signed in: every route
/// either is public or asks them to sign in (303 to the sign-in page, 401 for the API) before it reads anything, so
/// the only 404 they can get is the router's own (a request to a path nobody declared checks that it is one).
@Suite struct RouteTests {
    /// Every feature's declarations.
    static let declared: [any DeclaredPath] =
        IdentityRoutes.all + NotebookRoutes.all + AssignmentRoutes.all + DocumentRoutes.all + HealthRoutes.all + PrivacyRoutes.all
        + TimetableRoutes.all + AttendanceRoutes.all + MessageRoutes.all + LiveRoutes.all + AnnouncementRoutes.all + NotificationRoutes.all
        + OnboardingRoutes.all

    /// The secret of the world pupil's calendar feed, made by the test that needs it.
    static let feedSecret = String(repeating: "f", count: 43)

    /// A well-formed value for each parameter name, from the world where there is one.
    static func sample(_ name: String, world: World) -> String? {
        switch name {
        case "classID": world.classA.id.rawValue
        case "entryID": world.entryA.id.rawValue
        case "userID", "pupilID": world.pupil.id.rawValue
        case "assignmentID": world.assignmentA.id.rawValue
        case "documentID": world.documentIDs[0].rawValue
        case "courseID": world.courseMaths.id.rawValue
        case "date": "2026-11-23"
        case "token": feedSecret + ".ics"
        case "unsubscribeToken": feedSecret
        case "sessionID", "fileID", "justificationID", "signalID", "reasonID", "threadID", "messageID", "announcementID", "bannerID", "remoteDayID": "00000000-0000-4000-8000-000000000001"
        default: nil
        }
    }

    @Test func eachPathIsDeclaredOnce() {
        let texts = Self.declared.map(\.template.text)
        #expect(texts.count > 60)
        #expect(Set(texts).count == texts.count, "declared twice: \(texts.filter { text in texts.filter { $0 == text }.count > 1 })")
    }

    @Test func everyServedRouteIsDeclaredAndReachesItsHandler() async throws {
        try await TestApp.run { (app) async throws in
            let router = try await buildRouter(services: app.services)
            let views = app.services.views
            let assets = Set(([views.stylesheet, views.script] + views.fixedFiles).map(\.path))
            // The router prints a pattern its own way (`/entries/{entryID}`): compare in that form.
            let byPattern = Dictionary(uniqueKeysWithValues: Self.declared.map { ($0.template.pattern.description, $0.template) })
            var served: Set<String> = []
            // Each group's 404 for undeclared paths: served, and answering 404 by design (checked below).
            let fallbacks = Set(FallbackRoutes.all.map { $0.template.pattern.description })
            var fallbacksServed: Set<String> = []
            let token = TestApp.randomToken()
            // The calendar feed has no sign-in step: its sample is a feed that exists.
            try await app.services.storage.calendarFeeds.replaceFeed(
                of: app.world.pupil.id, in: app.world.school.id, tokenDigest: SessionToken.digest(Self.feedSecret), at: app.clock.now())
            // So does the unsubscribe link of e-mail: its sample is a guardian's link.
            try await app.services.storage.notifications.save(
                NotificationSettings(userID: app.world.guardian.id, email: "parent@exemple.fr", emailMode: .daily), in: app.world.school.id,
                token: Self.feedSecret, at: app.clock.now())
            for route in router.routes {
                let text = route.path.description
                if assets.contains(text) { continue }
                if fallbacks.contains(text) {
                    fallbacksServed.insert(text)
                    continue
                }
                guard let template = byPattern[text] else {
                    Issue.record("\(route.method) \(text) is served but not declared")
                    continue
                }
                served.insert(text)
                let values = template.parameterNames.compactMap { Self.sample($0, world: app.world) }
                guard values.count == template.parameterNames.count else {
                    Issue.record("no sample for a parameter of \(template.text)")
                    continue
                }
                let href = template.print(values)
                #expect(!href.contains(":"), "\(href)")
                let response = try await Self.send(route.method, href, app: app, token: token)
                #expect(response.status != .notFound, "\(route.method) \(href) did not reach a handler")
                #expect(response.status.code < 500, "\(route.method) \(href): \(response.status)")
            }
            let missing = Set(byPattern.keys).subtracting(served)
            #expect(missing.isEmpty, "declared but not served: \(missing.sorted())")
            #expect(served.count == byPattern.count)
            #expect(fallbacksServed == fallbacks)

            // The criterion does tell: paths nobody declared answer the router's 404, for every method.
            // (Pages take GET and POST; any other method on a page is refused by the CSRF check first, as before.)
            let unknown: [(HTTPRequest.Method, String)] =
                [.get, .post].flatMap { method in ["/no-such-page", "/entries/\(app.world.entryA.id)/no-such-page"].map { (method, $0) } }
                + [.get, .post, .put, .delete].map { ($0, "/api/v1/no-such-thing") }
            for (method, path) in unknown {
                #expect(try await Self.send(method, path, app: app, token: token).status == .notFound, "\(method) \(path)")
            }
        }
    }

    /// Sends `method` to `href` as someone not signed in, past the CSRF check (the pre-sign-in token for forms, JSON for the API).
    static func send(_ method: HTTPRequest.Method, _ href: String, app: TestApp, token: String) async throws -> TestResponse {
        let isAPI = href.hasPrefix("/api/")
        switch method {
        case .get, .head: return try await app.get(href)
        case .post where !isAPI: return try await app.post(href, form: [], csrf: token, headers: [.cookie: "\(Cookies.csrf)=\(token)"])
        default: return try await app.json(method, href, body: "{}")
        }
    }
}

/// A confirmation a redirect asks for is shown only if the layout knows it: every `notice: "…"` of the sources must be
/// one of ``AppServices/noticeKeys`` (an extra course's was once left out, and its confirmation never showed).
@Suite struct NoticeKeyTests {
    @Test func everyNoticeARedirectNamesIsShown() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/CartableWeb").standardized
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        let pattern = try Regex(#"notice: "([A-Za-z]+)""#)
        var named: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) { if let key = match.output[1].substring { named.insert(String(key)) } }
        }
        #expect(named.count > 20, "the sources were found and read")
        #expect(named.subtracting(AppServices.noticeKeys).isEmpty, "not shown: \(named.subtracting(AppServices.noticeKeys).sorted())")
    }
}
