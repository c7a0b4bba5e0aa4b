import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdOTP
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Two-factor sign-in: the RFC's own test vectors, then the real set-up and sign-in through the app.
@Suite struct TwoFactorTests {
    /// RFC 6238, appendix B: (time, SHA-1, SHA-256, SHA-512), eight digits.
    static let vectors: [(Int, Int, Int, Int)] = [
        (59, 94_287_082, 46_119_246, 90_693_936),
        (1_111_111_109, 7_081_804, 68_084_774, 25_091_201),
        (1_111_111_111, 14_050_471, 67_062_674, 99_943_326),
        (1_234_567_890, 89_005_924, 91_819_424, 93_441_116),
        (2_000_000_000, 69_279_037, 90_698_825, 38_618_901),
        (20_000_000_000, 65_353_130, 77_737_706, 47_863_826),
    ]

    @Test(arguments: vectors.indices)
    func theRFCTestVectorsHold(index: Int) {
        let (time, sha1, sha256, sha512) = Self.vectors[index]
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        #expect(TOTP(secret: "12345678901234567890", length: 8, hashFunction: .sha1).compute(date: date) == sha1)
        #expect(TOTP(secret: "12345678901234567890123456789012", length: 8, hashFunction: .sha256).compute(date: date) == sha256)
        #expect(
            TOTP(secret: "1234567890123456789012345678901234567890123456789012345678901234", length: 8, hashFunction: .sha512)
                .compute(date: date) == sha512)
    }

    /// The code of `secret` at `instant`, six digits, as the app shows it.
    static func code(_ secret: String, at instant: Date) -> String {
        let value = TOTP(secret: secret, length: 6).compute(date: instant)
        let text = String(value)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    @Test func aCodeIsAcceptedInItsStepAndTheNextButNotLater() {
        let secret = "abcdefghijklmnopqrst"
        let now = TestClock.mondayMorning
        let code = Self.code(secret, at: now)
        let step = Int64(now.timeIntervalSince1970) / 30
        #expect(TwoFactorCodes.step(of: code, secret: secret, at: now) == step)
        #expect(TwoFactorCodes.step(of: code, secret: secret, at: now.addingTimeInterval(30)) == step)
        #expect(TwoFactorCodes.step(of: code, secret: secret, at: now.addingTimeInterval(90)) == nil)
        #expect(TwoFactorRules.reading(" 123 456 ") == .oneTime("123456"))
        #expect(TwoFactorRules.reading("ABCDE-FGHJK") == .recovery("abcde-fghjk"))
        #expect(TwoFactorRules.reading("12345") == nil)
        #expect(TwoFactorCodes.typedKey("12345678901234567890") == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ")
    }

    // MARK: Through the app

    /// A browser before sign-in: its anonymous CSRF token and the cookies it carries.
    struct Browser {
        var csrf: String
        var cookies: [String: String]
        var header: HTTPFields { [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")] }

        mutating func keep(_ response: TestResponse) {
            for field in response.headers[values: .setCookie] {
                let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2 else { continue }
                if pair[1].isEmpty || field.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
            }
        }
    }

    static func browser(_ app: TestApp) async throws -> Browser {
        let page = try await app.get("/signin")
        var browser = Browser(csrf: "", cookies: [:])
        browser.keep(page)
        browser.csrf = try #require(browser.cookies["cartable_csrf"])
        return browser
    }

    /// Signs in with the password through the form; the response.
    static func password(_ app: TestApp, _ browser: inout Browser, login: String) async throws -> TestResponse {
        let response = try await app.post(
            "/signin", form: [("login", login), ("password", World.password), ("remember", "1")], csrf: browser.csrf, headers: browser.header)
        browser.keep(response)
        return response
    }

    /// Sends the second step's code.
    static func code(_ app: TestApp, _ browser: inout Browser, _ code: String) async throws -> TestResponse {
        let response = try await app.post("/signin/code", form: [("code", code), ("next", "")], csrf: browser.csrf, headers: browser.header)
        browser.keep(response)
        return response
    }

    /// Turns two-factor sign-in on for `user` through the security page; returns the secret and the recovery codes.
    static func turnOn(_ app: TestApp, for user: User) async throws -> (secret: String, codes: [String]) {
        let session = try await app.session(for: user)
        let before = try await app.get("/account/security", as: session)
        #expect(before.status == .ok)
        #expect(before.visibleText.contains("Pas encore activée"))
        #expect(try await app.post("/account/security/two-factor/start", form: [], as: session).status == .seeOther)
        let setUp = try await app.get("/account/security", as: session)
        let record = try #require(try await app.services.storage.twoFactor.twoFactor(of: user.id))
        #expect(!record.isOn)
        #expect(setUp.visibleText.contains(TwoFactorCodes.typedKey(record.secret)))
        #expect(setUp.text.contains("otpauth://totp/"))
        // A wrong code changes nothing.
        let wrong = try await app.post("/account/security/two-factor/confirm", form: [("code", "000000")], as: session)
        #expect(wrong.status == .unprocessableContent)
        #expect(try await app.services.storage.twoFactor.twoFactor(of: user.id)?.isOn == false)
        let confirmed = try await app.post(
            "/account/security/two-factor/confirm", form: [("code", Self.code(record.secret, at: app.clock.now()))], as: session)
        #expect(confirmed.status == .ok)
        let codes = Self.recoveryCodes(in: confirmed.text)
        #expect(codes.count == 10)
        #expect(try await app.services.storage.twoFactor.twoFactor(of: user.id)?.isOn == true)
        #expect(try await app.services.storage.twoFactor.unusedRecoveryCodes(of: user.id) == 10)
        // The codes are kept as digests only.
        let stored = try await app.services.storage.database.query("SELECT code_hash FROM recovery_codes").map { try $0.decode("code_hash", as: String.self) }
        #expect(!stored.contains(codes[0]) && stored.contains(TwoFactorCodes.digest(ofRecoveryCode: codes[0])))
        return (record.secret, codes)
    }

    static func recoveryCodes(in page: String) -> [String] {
        let regex = /<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/
        return page.matches(of: regex).map { String($0.output.1) }
    }

    @Test func aTeacherTurnsItOnAndSignsInWithACodeThatWorksOnce() async throws {
        try await TestApp.run { (app) async throws in
            let (secret, codes) = try await Self.turnOn(app, for: app.world.teacher)
            app.clock.advance(by: 30)  // the set-up's code is spent; the next step's code is new

            var browser = try await Self.browser(app)
            let step1 = try await Self.password(app, &browser, login: "claire.moreau")
            #expect(step1.status == .seeOther)
            #expect(step1.headers[.location]?.hasPrefix("/signin/code") == true)
            #expect(step1.setCookie("cartable_session") == nil, "no session before the code")
            #expect(browser.cookies["cartable_challenge"] != nil)
            #expect(try await app.get("/signin/code", headers: browser.header).visibleText.contains("Tapez le code"))

            let wrong = try await Self.code(app, &browser, "000000")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.setCookie("cartable_session") == nil)
            #expect(wrong.visibleText.contains("Code incorrect"))

            let code = Self.code(secret, at: app.clock.now())
            let right = try await Self.code(app, &browser, code)
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/classes")
            let token = try #require(SessionTests.sessionToken(right))
            #expect(try await app.json(.get, "/api/v1/me", headers: [.cookie: "cartable_session=\(token)"]).status == .ok)
            #expect(browser.cookies["cartable_challenge"] == nil, "the waiting sign-in ended")

            // The same code again, in a new sign-in: refused (a code is accepted once).
            var again = try await Self.browser(app)
            _ = try await Self.password(app, &again, login: "claire.moreau")
            #expect(try await Self.code(app, &again, code).status == .unauthorized)
            // A recovery code works once.
            #expect(try await Self.code(app, &again, codes[3].uppercased()).status == .seeOther)
            var third = try await Self.browser(app)
            _ = try await Self.password(app, &third, login: "claire.moreau")
            #expect(try await Self.code(app, &third, codes[3]).status == .unauthorized)
            #expect(try await app.services.storage.twoFactor.unusedRecoveryCodes(of: app.world.teacher.id) == 9)

            // The API takes the code in the same request.
            let body = #"{"login":"claire.moreau","password":"\#(World.password)"}"#
            let missing = try await app.json(.post, "/api/v1/sessions", body: body)
            #expect(missing.status == .unauthorized)
            #expect(missing.text.contains("\"code\":\"two_factor_required\""))
            app.clock.advance(by: 30)
            let withCode = #"{"login":"claire.moreau","password":"\#(World.password)","code":"\#(Self.code(secret, at: app.clock.now()))"}"#
            #expect(try await app.json(.post, "/api/v1/sessions", body: withCode).status == .created)
        }
    }

    @Test func wrongCodesAreThrottledLikePasswords() async throws {
        try await TestApp.run { (app) async throws in
            _ = try await Self.turnOn(app, for: app.world.teacher)
            var browser = try await Self.browser(app)
            _ = try await Self.password(app, &browser, login: "claire.moreau")
            let free = app.services.signInThrottle.freeFailures
            for _ in 0...free { #expect(try await Self.code(app, &browser, "000000").status == .unauthorized) }
            let throttled = try await Self.code(app, &browser, "000000")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }

    @Test func aSchoolRequiresItOfStaffWhoSetItUpAtTheirNextSignIn() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let teacher = try await app.session(for: app.world.teacher)
            // Only staff of the school may require it.
            #expect(try await app.post("/account/security/staff-two-factor", form: [("required", "1")], as: teacher).status == .notFound)
            #expect(try await app.services.storage.twoFactor.isRequiredForStaff(in: app.world.school.id) == false)
            #expect(try await app.post("/account/security/staff-two-factor", form: [("required", "1")], as: staff).status == .seeOther)
            #expect(try await app.services.storage.twoFactor.isRequiredForStaff(in: app.world.school.id))
            #expect(try await app.services.storage.twoFactor.isRequiredForStaff(in: app.world.otherSchool.id) == false)

            // The API cannot set it up: it says so.
            let api = try await app.json(.post, "/api/v1/sessions", body: #"{"login":"jean.dupont","password":"\#(World.password)"}"#)
            #expect(api.status == .forbidden)
            #expect(api.text.contains("two_factor_setup_required"))

            var browser = try await Self.browser(app)
            let step1 = try await Self.password(app, &browser, login: "jean.dupont")
            #expect(step1.headers[.location]?.hasPrefix("/signin/code") == true)
            let setUp = try await app.get("/signin/code", headers: browser.header)
            let record = try #require(try await app.services.storage.twoFactor.twoFactor(of: app.world.staff.id))
            #expect(setUp.visibleText.contains("Votre établissement demande la double authentification"))
            #expect(setUp.visibleText.contains(TwoFactorCodes.typedKey(record.secret)))
            let done = try await Self.code(app, &browser, Self.code(record.secret, at: app.clock.now()))
            #expect(done.status == .ok)
            #expect(Self.recoveryCodes(in: done.text).count == 10)
            #expect(done.setCookie("cartable_session") != nil)
            // While it is required, staff cannot turn it off.
            app.clock.advance(by: 30)
            let off = try await app.post(
                "/account/security/two-factor/off", form: [("code", Self.code(record.secret, at: app.clock.now()))], as: staff)
            #expect(off.status == .unprocessableContent)
            #expect(try await app.services.storage.twoFactor.twoFactor(of: app.world.staff.id)?.isOn == true)
        }
    }

    @Test func pupilsAndGuardiansHaveNoSecurityPage() async throws {
        try await TestApp.run { (app) async throws in
            for user in [app.world.pupil, app.world.guardian] {
                let session = try await app.session(for: user)
                #expect(try await app.get("/account/security", as: session).status == .notFound)
                #expect(try await app.post("/account/security/two-factor/start", form: [], as: session).status == .notFound)
                #expect(try await app.post("/account/security/staff-two-factor", form: [("required", "1")], as: session).status == .notFound)
            }
            #expect(try await app.services.storage.database.query("SELECT 1 FROM two_factor").isEmpty)
            #expect(try await app.services.storage.database.query("SELECT 1 FROM school_security").isEmpty)
            // A sign-in page for the second step without a waiting sign-in goes back to the first.
            #expect(try await app.get("/signin/code").headers[.location] == "/signin")
        }
    }
}
