import CartableCore
import CartableStore
import HTTPTypes
import Hummingbird
import Logging

/// Signing in and out, the home page's redirect, and the language switch.
struct SignInPages: Sendable {
    let services: AppServices
    let authenticator: Authenticator

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(IdentityRoutes.home, use: home)
        router.get(IdentityRoutes.signIn, use: signInForm)
        router.post(IdentityRoutes.signIn, use: signIn)
        router.post(IdentityRoutes.signOut, use: signOut)
        router.post(IdentityRoutes.language, use: setLanguage)
    }

    /// Sends each person to their first page.
    @Sendable func home(request: Request, context: AppRequestContext) async throws -> Response {
        guard let viewer = context.viewer else { return services.redirect(to: Route.signIn(next: nil).href) }
        return services.redirect(to: Self.landing(for: viewer).href)
    }

    /// Where a person lands after signing in.
    static func landing(for viewer: Viewer) -> Route {
        switch viewer.role {
        case .pupil, .guardian: .today(pupil: nil)
        case .teacher, .staff: .classes
        }
    }

    @Sendable func signInForm(request: Request, context: AppRequestContext) async throws -> Response {
        let next = Route.safeLocalPath(request.queryData["next"])
        if let viewer = context.viewer { return services.redirect(to: next ?? Self.landing(for: viewer).href) }
        return services.page(
            .signin, content: SignInPage(failed: false, login: "", remember: true, next: next ?? ""), title: context.localizer("signInTitle"),
            section: .none, request: request, context: context)
    }

    @Sendable func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let login = form["login"] ?? ""
        let remember = form["remember"] != nil
        let next = Route.safeLocalPath(form["next"])
        do {
            let outcome = try await authenticator.signIn(
                login: login, password: form["password"] ?? "", remember: remember, userAgent: request.headers[.userAgent],
                address: context.clientAddress(request, proxies: services.configuration.trustedProxies))
            switch outcome {
            case .signedIn(let signedIn):
                return try await Self.finish(signedIn, next: next, remember: remember, services: services, authenticator: authenticator, context: context)
            case .needsCode(let viewer), .needsSetUp(let viewer):
                // The second step is on a page of its own, behind a cookie that lasts ten minutes.
                let token = try await TwoFactorActions(services: services).beginSignIn(of: viewer, remember: remember)
                var response = services.redirect(to: IdentityRoutes.signInCode.href(query: ["next": next]))
                response.setCookie(Cookies.challenge(token: token, isSecure: context.isSecure))
                return response
            }
        } catch is SignInRefused {
            context.logger.info("sign-in refused")
            return services.page(
                .signin, content: SignInPage(failed: true, login: TextRules.clean(login), remember: remember, next: next ?? ""),
                title: context.localizer("signInTitle"), section: .none, request: request, context: context, status: .unauthorized)
        }
    }

    /// The answer to a completed sign-in: the session cookie (the old session, if any, ended) and the next page.
    static func finish(
        _ signedIn: Authenticator.SignedIn, next: String?, remember: Bool, services: AppServices, authenticator: Authenticator,
        context: AppRequestContext, response: Response? = nil
    ) async throws -> Response {
        if let previous = context.session { try? await authenticator.signOut(previous) }
        var response = response ?? services.redirect(to: next ?? Self.landing(for: signedIn.viewer).href)
        response.setCookie(
            Cookies.session(
                token: signedIn.token, maxAge: remember ? Int(services.configuration.sessionPolicy.rememberedLifetime) : nil,
                isSecure: context.isSecure))
        return response
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session { try await authenticator.signOut(session) }
        var response = services.redirect(to: Route.signIn(next: nil).href, notice: "signedOut")
        response.setCookie(Cookies.clearSession(isSecure: context.isSecure))
        // The browser forgets the pages it kept (a shared family computer); drafts in local storage stay.
        response.headers[HTTPField.Name("Clear-Site-Data")!] = "\"cache\""
        return response
    }

    @Sendable func setLanguage(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        guard let language = form["lang"].flatMap(Language.init(rawValue:)) else {
            throw ValidationError([FieldIssue(field: "lang", problem: .invalidChoice)])
        }
        var response = services.redirect(to: Route.safeLocalPath(form["back"]) ?? Route.home.href)
        response.setCookie(Cookies.language(language, isSecure: context.isSecure))
        return response
    }
}
