import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Signing in and out, cookies, remembered devices, revocation.
@Suite struct SessionTests {
    /// Signs in through the form, with the anonymous CSRF token the sign-in page hands out.
    static func signIn(_ app: TestApp, login: String, password: String = World.password, remember: Bool = true, headers: HTTPFields = [:])
        async throws -> TestResponse
    {
        let page = try await app.get("/signin", headers: headers)
        let csrfCookie = try #require(page.setCookie("cartable_csrf")).split(separator: ";")[0]
        let token = String(csrfCookie.split(separator: "=")[1])
        #expect(page.text.contains("value=\"\(token)\""))
        var headers = headers
        headers[.cookie] = String(csrfCookie)
        var form = [("login", login), ("password", password)]
        if remember { form.append(("remember", "1")) }
        return try await app.post("/signin", form: form, csrf: token, headers: headers)
    }

    static func sessionToken(_ response: TestResponse) -> String? {
        response.setCookie("cartable_session")?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init)
    }

    @Test func aRememberedSignInSetsALongLivedSafeCookie() async throws {
        try await TestApp.run { (app) async throws in
            let response = try await Self.signIn(app, login: "Lea.Martin")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/today")
            let cookie = try #require(response.setCookie("cartable_session"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(cookie.contains("Max-Age=2592000"))
            #expect(!cookie.contains("Secure"))
            let token = try #require(Self.sessionToken(response))
            #expect(token.count >= 43, "at least 256 bits of randomness in base64url")
            // Only the digest is stored.
            let stored = try await app.services.storage.database.query("SELECT token_hash FROM sessions")
            #expect(stored.count == 1)
            #expect(try stored[0].decode("token_hash", as: String.self) == SessionToken.digest(token))
            #expect(try await app.services.storage.database.query("SELECT 1 FROM sessions WHERE token_hash = \(token)").isEmpty)
            // And it works.
            let today = try await app.get("/today", headers: [.cookie: "cartable_session=\(token)"])
            #expect(today.status == .ok)
            #expect(today.visibleText.contains("Léa Martin"))
        }
    }

    @Test func aSharedComputerSignInEndsWithTheBrowser() async throws {
        try await TestApp.run { (app) async throws in
            let response = try await Self.signIn(app, login: "lea.martin", remember: false)
            let cookie = try #require(response.setCookie("cartable_session"))
            #expect(!cookie.contains("Max-Age"))
            #expect(!cookie.contains("Expires"))
            let session = try #require(try await app.services.storage.sessions.sessions(of: app.world.pupil.id).first)
            #expect(!session.isRemembered)
            #expect(session.expiresAt.timeIntervalSince(session.createdAt) == SessionPolicy().browserLifetime)
        }
    }

    /// `X-Forwarded-Proto` is believed from a trusted proxy only: through a real socket, the peer is
    /// loopback; trusting another address makes the same header a forgery that changes nothing.
    @Test func cookiesAreSecureBehindATrustedHTTPSProxy() async throws {
        let https: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
        let hsts = HTTPField.Name("Strict-Transport-Security")!
        try await TestApp.run(setup: .live, configure: { $0.trustedProxies = .loopback }) { (app) async throws in
            let response = try await Self.signIn(app, login: "lea.martin", headers: https)
            #expect(try #require(response.setCookie("cartable_session")).contains("Secure"))
            #expect(response.headers[hsts] == "max-age=31536000")
            #expect(try await app.get("/signin").headers[hsts] == nil, "plain HTTP gets no HSTS")
        }
        for proxies in [TrustedProxies.none, try TrustedProxies(parsing: ["127.0.0.2", "fd00::/8"])] {
            try await TestApp.run(setup: .live, configure: { $0.trustedProxies = proxies }) { (app) async throws in
                let response = try await Self.signIn(app, login: "lea.martin", headers: https)
                #expect(try #require(response.setCookie("cartable_session")).contains("Secure") == false, "trusting \(proxies)")
                #expect(response.headers[hsts] == nil)
            }
        }
        try await TestApp.run(configure: { $0.secureCookies = .always }) { (app) async throws in
            let response = try await Self.signIn(app, login: "lea.martin")
            #expect(try #require(response.setCookie("cartable_session")).contains("Secure"))
        }
    }

    @Test func aFailedSignInSaysSoWithoutSayingWhichFieldWasWrong() async throws {
        try await TestApp.run { (app) async throws in
            let wrongPassword = try await Self.signIn(app, login: "lea.martin", password: "pas-le-bon")
            let unknownLogin = try await Self.signIn(app, login: "personne", password: World.password)
            for response in [wrongPassword, unknownLogin] {
                #expect(response.status == .unauthorized)
                #expect(response.setCookie("cartable_session") == nil)
                #expect(response.visibleText.contains("Identifiant ou mot de passe incorrect."))
            }
            #expect(
                wrongPassword.visibleText.replacingOccurrences(of: "lea.martin", with: "")
                    == unknownLogin.visibleText.replacingOccurrences(of: "personne", with: ""))
            #expect(try await app.services.storage.database.query("SELECT 1 FROM sessions").isEmpty)
        }
    }

    @Test func aDisabledAccountCannotSignIn() async throws {
        try await TestApp.run { (app) async throws in
            _ = try await app.services.storage.identity.setDisabled(true, for: app.world.pupil.id, in: app.world.school.id, at: Date())
            let response = try await Self.signIn(app, login: "lea.martin")
            #expect(response.status == .unauthorized)
        }
    }

    @Test func passwordsAreStoredAsBcryptHashes() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let created = try await app.post(
                "/admin/accounts",
                form: [("firstName", "Nina"), ("lastName", "Roux"), ("login", "nina.roux"), ("role", "pupil"), ("password", "un-secret-1")], as: staff
            )
            #expect(created.status == .seeOther)
            let hash = try #require(try await app.services.storage.identity.credentials(forLogin: "nina.roux")?.passwordHash)
            #expect(hash.hasPrefix("$2"))
            #expect(!hash.contains("un-secret-1"))
            let cost = Int(hash.split(separator: "$")[1]) ?? 0
            #expect(cost >= 10)
            #expect(try await Self.signIn(app, login: "nina.roux", password: "un-secret-1").status == .seeOther)
        }
    }

    @Test func signingInAgainReplacesTheOldSession() async throws {
        try await TestApp.run { (app) async throws in
            let old = try await app.session(for: app.world.pupil)
            let page = try await app.get("/signin", as: old)
            #expect(page.status == .seeOther, "already signed in: sent on")
            let response = try await app.post(
                "/signin", form: [("login", "lea.martin"), ("password", World.password), ("remember", "1")], as: old)
            #expect(response.status == .seeOther)
            let new = try #require(Self.sessionToken(response))
            #expect(new != old.token)
            #expect(try await app.get("/today", as: old).status == .seeOther)
            #expect(try await app.get("/today", headers: [.cookie: "cartable_session=\(new)"]).status == .ok)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await TestApp.run { (app) async throws in
            let session = try await app.session(for: app.world.teacher)
            let response = try await app.post("/signout", form: [], as: session)
            #expect(response.status == .seeOther)
            #expect(response.setCookie("cartable_session")?.contains("Max-Age=0") == true)
            #expect(try await app.get("/classes", as: session).status == .seeOther)
            #expect(try await app.services.storage.sessions.sessions(of: app.world.teacher.id).isEmpty)
        }
    }

    @Test func devicesCanBeListedAndRevoked() async throws {
        try await TestApp.run { (app) async throws in
            let phone = try await app.session(for: app.world.guardian)
            let laptop = try await app.session(for: app.world.guardian)
            let stranger = try await app.session(for: app.world.pupil)
            let page = try await app.get("/account/devices", as: phone)
            #expect(page.status == .ok)
            #expect(page.visibleText.contains("cet appareil"))
            let sessions = try await app.services.storage.sessions.sessions(of: app.world.guardian.id)
            #expect(sessions.count == 2)
            let laptopID = try #require(sessions.first { SessionToken.digest(laptop.token) != "" && $0.csrfToken == laptop.csrf }?.id)
            // Another person cannot revoke it.
            #expect(try await app.post("/account/devices/\(laptopID)/revoke", form: [], as: stranger).status == .notFound)
            #expect(try await app.get("/today", as: laptop).status == .ok)
            // Its owner can.
            #expect(try await app.post("/account/devices/\(laptopID)/revoke", form: [], as: phone).status == .seeOther)
            #expect(try await app.get("/today", as: laptop).status == .seeOther)
            #expect(try await app.get("/today", as: phone).status == .ok)
        }
    }

    @Test func revokingEveryOtherDeviceKeepsThisOne() async throws {
        try await TestApp.run { (app) async throws in
            let this = try await app.session(for: app.world.pupil)
            let others = [try await app.session(for: app.world.pupil), try await app.session(for: app.world.pupil)]
            #expect(try await app.post("/account/devices/revoke-others", form: [], as: this).status == .seeOther)
            #expect(try await app.get("/today", as: this).status == .ok)
            for other in others { #expect(try await app.get("/today", as: other).status == .seeOther) }
        }
    }

    @Test func aSessionExpiresUnlessUsedAndSlidesWhenUsed() async throws {
        try await TestApp.run { (app) async throws in
            let response = try await Self.signIn(app, login: "lea.martin", remember: false)
            let token = try #require(Self.sessionToken(response))
            let cookie: HTTPFields = [.cookie: "cartable_session=\(token)"]
            app.clock.advance(by: 11 * 3600)
            #expect(try await app.get("/today", headers: cookie).status == .ok, "used within 12 hours: pushed")
            app.clock.advance(by: 11 * 3600)
            #expect(try await app.get("/today", headers: cookie).status == .ok, "pushed again")
            app.clock.advance(by: 13 * 3600)
            let expired = try await app.get("/today", headers: cookie)
            #expect(expired.status == .seeOther)
            #expect(expired.setCookie("cartable_session")?.contains("Max-Age=0") == true)
        }
    }

    @Test func aForgedOrMalformedCookieIsIgnored() async throws {
        try await TestApp.run { (app) async throws in
            for value in ["", "abc", String(repeating: "A", count: 43), "'; DROP TABLE sessions; --", String(repeating: "é", count: 500)] {
                let response = try await app.get("/today", headers: [.cookie: "cartable_session=\(value)"])
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func theAPISignsInAndOut() async throws {
        try await TestApp.run { (app) async throws in
            let bad = try await app.json(.post, "/api/v1/sessions", body: #"{"login":"lea.martin","password":"non"}"#)
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("\"code\":\"sign_in_failed\""))
            let response = try await app.json(
                .post, "/api/v1/sessions", body: #"{"login":"lea.martin","password":"\#(World.password)","rememberDevice":true}"#)
            #expect(response.status == .created)
            let token = try #require(Self.sessionToken(response))
            let cookie: HTTPFields = [.cookie: "cartable_session=\(token)"]
            let me = try await app.json(.get, "/api/v1/me", headers: cookie)
            #expect(me.status == .ok)
            #expect(me.text.contains("\"login\":\"lea.martin\""))
            #expect(try await app.json(.delete, "/api/v1/sessions/current", headers: cookie).status == .noContent)
            #expect(try await app.json(.get, "/api/v1/me", headers: cookie).status == .unauthorized)
        }
    }

    @Test func theAPIListsAndRevokesOnlyOnesOwnDevices() async throws {
        try await TestApp.run { (app) async throws in
            let mine = try await app.session(for: app.world.teacher)
            let other = try await app.session(for: app.world.teacher)
            let stranger = try await app.session(for: app.world.staff)
            let listed = try await app.json(.get, "/api/v1/sessions", as: mine)
            #expect(listed.status == .ok)
            struct List: Decodable {
                struct Item: Decodable {
                    var id: String
                    var isCurrent: Bool
                }
                var sessions: [Item]
            }
            let sessions = try listed.decode(List.self).sessions
            #expect(sessions.count == 2)
            #expect(sessions.filter(\.isCurrent).count == 1)
            let otherID = try #require(sessions.first { !$0.isCurrent }?.id)
            #expect(try await app.json(.delete, "/api/v1/sessions/\(otherID)", as: stranger).status == .notFound)
            #expect(try await app.get("/classes", as: other).status == .ok)
            #expect(try await app.json(.delete, "/api/v1/sessions/\(otherID)", as: mine).status == .noContent)
            #expect(try await app.get("/classes", as: other).status == .seeOther)
            #expect(try await app.json(.delete, "/api/v1/sessions/pas-un-id", as: mine).status == .notFound)
        }
    }

    /// The old cookie a browser still carries when it signs in again: revoked, unknown, or a remembered
    /// session due for its renewal. Whatever it is, the answer carries one `cartable_session` cookie,
    /// the new one, and the person is signed in with it (no unused session row left behind).
    @Test(arguments: ["revoked", "unknown", "renewed"], [false, true])
    func signingInWithAnOldCookieKeepsTheNewSession(old kind: String, viaForm: Bool) async throws {
        try await TestApp.run { (app) async throws in
            var old = try await app.session(for: app.world.pupil)
            let original = old.token
            switch kind {
            case "revoked":
                #expect(try await app.json(.delete, "/api/v1/sessions/current", as: old).status == .noContent)
            case "unknown":
                old.token = TestApp.randomToken()
            default:
                // Seen more than the touch interval ago: this request would renew the old cookie.
                app.clock.advance(by: SessionPolicy().touchInterval + 1)
            }
            let response: TestResponse
            if viaForm {
                // The form carries the live session's CSRF token, or before sign-in the anonymous one.
                let anonymous = TestApp.randomToken()
                let csrf = kind == "renewed" ? old.csrf : anonymous
                response = try await app.post(
                    "/signin", form: [("login", "lea.martin"), ("password", World.password), ("remember", "1")], csrf: csrf,
                    headers: [.cookie: "\(old.cookie); cartable_csrf=\(anonymous)"])
            } else {
                response = try await app.json(
                    .post, "/api/v1/sessions", body: #"{"login":"lea.martin","password":"\#(World.password)","rememberDevice":true}"#,
                    headers: [.cookie: old.cookie])
            }
            #expect(response.status == (viaForm ? .seeOther : .created))
            let sessionCookies = response.headers[values: .setCookie].filter { $0.hasPrefix("cartable_session=") }
            #expect(sessionCookies.count == 1, "\(sessionCookies)")
            let token = Self.sessionToken(response) ?? ""
            #expect(!token.isEmpty && token != old.token)
            #expect(try await app.json(.get, "/api/v1/me", headers: [.cookie: "cartable_session=\(token)"]).status == .ok)
            // The new session replaced the one the request came with; an unknown cookie replaced nothing,
            // so the session the test opened at first is still there beside the new one.
            let live = try await app.services.storage.sessions.sessions(of: app.world.pupil.id)
            #expect(live.count == (kind == "unknown" ? 2 : 1), "\(live.count) live sessions")
            if kind != "unknown" {
                #expect(try await app.json(.get, "/api/v1/me", headers: [.cookie: "cartable_session=\(original)"]).status == .unauthorized)
            }
        }
    }
}
