import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// First sign-in with the letter's code: login and code, then the school's charter and a password, then signed in.
///
/// Throttled like sign-in (per login); a wrong code and an unknown login get the same answer.
struct ActivationPages: Sendable {
    let services: AppServices
    let authenticator: Authenticator

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(OnboardingRoutes.activate, use: form)
        router.post(OnboardingRoutes.activate, use: checkCode)
        router.post(OnboardingRoutes.activateFinish, use: finish)
    }

    struct CodePage: Sendable {
        var login: String
        var failed: String?
    }

    struct PasswordPage: Sendable {
        var login: String
        var code: String
        var firstName: String
        var charter: String?
        var errors: [String: String]
        var remember: Bool
    }

    @Sendable func form(request: Request, context: AppRequestContext) async throws -> Response {
        if let viewer = context.viewer { return services.redirect(to: SignInPages.landing(for: viewer).href) }
        let login = String(TextRules.clean(request.queryData["login"]).prefix(64))
        return codePage(login: login, failed: nil, status: .ok, request: request, context: context)
    }

    private func codePage(login: String, failed: String?, status: HTTPResponse.Status, request: Request, context: AppRequestContext) -> Response {
        var response = services.page(
            .activate, content: CodePage(login: login, failed: failed), title: context.localizer("activateTitle"), section: .none,
            request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The login and code as typed, checked (throttled); the account, or the page to show instead.
    private func check(_ form: FormData, request: Request, context: AppRequestContext) async throws -> Result<
        (PendingActivation, code: String, hash: String), Refusal
    > {
        let login = String(TextRules.clean(form["login"]).lowercased().prefix(64))
        let typed = form["code"] ?? ""
        let t = context.localizer
        guard !login.isEmpty, !typed.isEmpty else { return .failure(Refusal(login: login, message: t("activateMissing"))) }
        let throttle = services.signInThrottle
        let reservation: SignInThrottle.Reservation
        switch throttle.reserve("activate:" + login, at: services.clock.now()) {
        case .success(let reserved): reservation = reserved
        case .failure(let refusal):
            Observability.refused(.signInThrottle)
            throw refusal
        }
        let pending: PendingActivation?
        do {
            pending = try await services.storage.onboarding.pendingActivation(forLogin: login)
        } catch {
            throttle.cancel(reservation)
            throw error
        }
        let code = ActivationCode.normalized(typed)
        // The same work whether or not the login exists and has a code: a hash is checked either way.
        let hash = pending?.codeHash ?? authenticator.decoyHash
        let matches = await services.passwords.verify(code ?? typed, against: hash)
        guard let pending, code != nil, matches, pending.codeHash != nil else {
            return .failure(Refusal(login: login, message: t("activateWrong")))
        }
        if let expiry = pending.expiresAt, expiry <= services.clock.now() {
            return .failure(Refusal(login: login, message: t("activateExpired")))
        }
        throttle.succeeded("activate:" + login)
        return .success((pending, code ?? "", hash))
    }

    struct Refusal: Error {
        var login: String
        var message: String
    }

    @Sendable func checkCode(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        switch try await check(form, request: request, context: context) {
        case .failure(let refusal):
            return codePage(login: refusal.login, failed: refusal.message, status: .unauthorized, request: request, context: context)
        case .success(let (pending, code, _)):
            return try await passwordPage(pending, code: code, errors: [:], remember: false, status: .ok, request: request, context: context)
        }
    }

    private func passwordPage(
        _ pending: PendingActivation, code: String, errors: [String: String], remember: Bool, status: HTTPResponse.Status, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let charter = try await services.storage.onboarding.charter(of: pending.user.schoolID)
        let content = PasswordPage(
            login: pending.user.login, code: code, firstName: pending.user.firstName,
            charter: charter ?? context.localizer("charterDefault"), errors: errors, remember: remember)
        var response = services.page(
            .activatePassword, content: content, title: context.localizer("activateTitle"), section: .none, request: request,
            context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func finish(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let remember = form["remember"] != nil
        let (pending, code, hash): (PendingActivation, String, String)
        switch try await check(form, request: request, context: context) {
        case .failure(let refusal):
            return codePage(login: refusal.login, failed: refusal.message, status: .unauthorized, request: request, context: context)
        case .success(let checked): (pending, code, hash) = checked
        }
        let input = ActivationInput(
            acceptsCharter: form["charter"] != nil, password: form["password"] ?? "", confirmation: form["confirmation"] ?? "")
        do {
            try input.validated()
        } catch {
            return try await passwordPage(
                pending, code: code, errors: context.localizer.fieldErrors(error), remember: remember, status: .unprocessableContent,
                request: request, context: context)
        }
        let passwordHash = try await services.passwords.hash(input.password)
        guard try await services.storage.onboarding.activate(pending.user.id, codeHash: hash, passwordHash: passwordHash, at: services.clock.now())
        else {
            return codePage(
                login: pending.user.login, failed: context.localizer("activateWrong"), status: .unauthorized, request: request, context: context)
        }
        guard let viewer = try await services.storage.identity.viewer(for: pending.user.id) else { throw NotFound() }
        await SecurityLog(services: services).record(
            .accountActivated, schoolID: viewer.schoolID, actor: viewer.user.id, subject: viewer.user.id,
            address: context.clientAddress(request, proxies: services.configuration.trustedProxies),
            device: DeviceLabel.make(userAgent: request.headers[.userAgent]))
        let signedIn = try await authenticator.openSession(
            for: viewer, remember: remember, userAgent: request.headers[.userAgent],
            address: context.clientAddress(request, proxies: services.configuration.trustedProxies))
        return try await SignInPages.finish(
            signedIn, next: nil, remember: remember, services: services, authenticator: authenticator, context: context)
    }
}

/// Activation codes as stored: bcrypt at a low cost (a code is 8 random characters from 28 and lives a term; the cost
/// makes trying them all from a stolen database hopeless while a class's letters print in a second).
enum ActivationCodes {
    static let cost: UInt8 = 8

    /// New codes for `users`, stored as hashes; the codes in clear, to print once.
    static func issue(for users: [User], services: AppServices, issuer: User.ID?, schoolID: School.ID) async throws -> [User.ID: String] {
        var codes: [User.ID: String] = [:]
        var hashes: [(userID: User.ID, codeHash: String)] = []
        for user in users {
            let code = ActivationCode.make()
            let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(code, cost: cost) }
            codes[user.id] = code
            hashes.append((user.id, hash))
        }
        let now = services.clock.now()
        try await services.storage.onboarding.issueActivationCodes(
            hashes, in: schoolID, by: issuer, at: now, expiresAt: now.addingTimeInterval(ActivationCode.defaultLifetime))
        return codes
    }
}
