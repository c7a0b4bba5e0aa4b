import CartableCore
import CartableStore
import HTTPTypes
import Hummingbird
import Logging

/// Two-factor sign-in in the browser: the sign-in's second step, and the account's security page
/// (set it up, turn it off, new recovery codes; for staff, require it of the school's staff).
struct TwoFactorPages: Sendable {
    let services: AppServices
    let authenticator: Authenticator
    var actions: TwoFactorActions { TwoFactorActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(IdentityRoutes.signInCode, use: codeForm)
        router.post(IdentityRoutes.signInCode, use: code)
        router.get(IdentityRoutes.security, use: security)
        router.post(IdentityRoutes.startTwoFactor, use: start)
        router.post(IdentityRoutes.confirmTwoFactor, use: confirm)
        router.post(IdentityRoutes.turnOffTwoFactor, use: turnOff)
        router.post(IdentityRoutes.newRecoveryCodes, use: newRecoveryCodes)
        router.post(IdentityRoutes.staffTwoFactor, use: staffRequirement)
    }

    // MARK: The sign-in's second step

    @Sendable func codeForm(request: Request, context: AppRequestContext) async throws -> Response {
        let next = Route.safeLocalPath(request.queryData["next"])
        let token = CookieHeader(request)[Cookies.challenge].map(String.init)
        guard let waiting = try await actions.waitingSignIn(token) else { return services.redirect(to: Route.signIn(next: next).href) }
        return codePage(waiting, next: next, error: nil, request: request, context: context)
    }

    @Sendable func code(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let next = Route.safeLocalPath(form["next"])
        guard let token = CookieHeader(request)[Cookies.challenge].map(String.init), let waiting = try await actions.waitingSignIn(token) else {
            return services.redirect(to: Route.signIn(next: next).href)
        }
        let remember = waiting.challenge.isRemembered
        let address = context.clientAddress(request, proxies: services.configuration.trustedProxies)
        do {
            var codes: [String] = []
            if waiting.record.isOn {
                try await TwoFactorCodes(services: services).verify(
                    form["code"], of: waiting.viewer.user, record: waiting.record, address: address, userAgent: request.headers[.userAgent])
            } else {
                codes = try await actions.confirm(form["code"], record: waiting.record, user: waiting.viewer.user)
            }
            try await actions.endSignIn(token)
            let signedIn = try await authenticator.openSession(
                for: waiting.viewer, remember: remember, userAgent: request.headers[.userAgent], address: address)
            // Set up just now: the recovery codes are shown once, on the page that follows the code.
            var page: Response?
            if !codes.isEmpty {
                var shown = context
                shown.viewer = signedIn.viewer
                shown.csrfToken = signedIn.session.csrfToken
                page = recoveryCodesPage(codes, next: next ?? SignInPages.landing(for: signedIn.viewer).href, request: request, context: shown)
            }
            var response = try await SignInPages.finish(
                signedIn, next: next, remember: remember, services: services, authenticator: authenticator, context: context, response: page)
            response.setCookie(Cookies.challenge(token: "", isSecure: context.isSecure))
            return response
        } catch is SignInRefused {
            context.logger.info("two-factor code refused")
            return codePage(waiting, next: next, error: context.localizer("problemWrongCode"), request: request, context: context, status: .unauthorized)
        } catch let error as ValidationError {
            return codePage(
                waiting, next: next, error: error.issues.first.map { context.localizer.problem($0.problem) }, request: request, context: context,
                status: .unauthorized)
        }
    }

    func codePage(
        _ waiting: (challenge: SignInChallenge, viewer: Viewer, record: TwoFactor), next: String?, error: String?, request: Request,
        context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        let setUp = waiting.record.isOn ? nil : SetUpBlock(waiting.record, viewer: waiting.viewer, t: context.localizer)
        let page = SignInCodePage(setUp: setUp, error: error, next: next ?? "", action: IdentityRoutes.signInCode.href)
        return services.page(
            .signinCode, content: page, title: context.localizer("twoFactorTitle"), section: .none, request: request, context: context, status: status)
    }

    func recoveryCodesPage(_ codes: [String], next: String, request: Request, context: AppRequestContext) -> Response {
        services.page(
            .recoveryCodes, content: RecoveryCodesPage(codes: codes, continueHref: next), title: context.localizer("recoveryCodesTitle"),
            section: .devices, request: request, context: context)
    }

    // MARK: The security page

    @Sendable func security(request: Request, context: AppRequestContext) async throws -> Response {
        try await securityPage(request: request, context: context, errors: [:])
    }

    func securityPage(request: Request, context: AppRequestContext, errors: [String: String]) async throws -> Response {
        let viewer = try context.requireViewer()
        let record = try await actions.record(of: viewer)
        let required = try await services.storage.twoFactor.isRequiredForStaff(in: viewer.schoolID)
        let unused = record?.isOn == true ? try await services.storage.twoFactor.unusedRecoveryCodes(of: viewer.user.id) : 0
        let page = SecurityPage(
            record: record, viewer: viewer, unusedCodes: unused, isRequiredForStaff: required,
            managesSchool: services.policy.allows(viewer, .requireStaffTwoFactor(schoolID: viewer.schoolID)), errors: errors, t: context.localizer)
        return services.page(
            .security, content: page, title: context.localizer("securityTitle"), section: .devices, request: request, context: context,
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    @Sendable func start(request: Request, context: AppRequestContext) async throws -> Response {
        try await actions.startSetUp(for: try context.requireViewer())
        return services.redirect(to: IdentityRoutes.security.href)
    }

    @Sendable func confirm(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        do {
            let codes = try await actions.confirm(form["code"], for: viewer)
            return recoveryCodesPage(codes, next: IdentityRoutes.security.href, request: request, context: context)
        } catch let error as ValidationError {
            return try await securityPage(request: request, context: context, errors: context.localizer.fieldErrors(error))
        }
    }

    @Sendable func turnOff(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        do {
            try await actions.turnOff(form["code"], for: viewer)
            return services.redirect(to: IdentityRoutes.security.href, notice: "twoFactorOff")
        } catch let error as ValidationError {
            return try await securityPage(request: request, context: context, errors: context.localizer.fieldErrors(error))
        }
    }

    @Sendable func newRecoveryCodes(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        do {
            let codes = try await actions.newRecoveryCodes(form["code"], for: viewer)
            return recoveryCodesPage(codes, next: IdentityRoutes.security.href, request: request, context: context)
        } catch let error as ValidationError {
            return try await securityPage(request: request, context: context, errors: context.localizer.fieldErrors(error))
        }
    }

    @Sendable func staffRequirement(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let required = form["required"] == "1"
        try await actions.setStaffRequirement(required, viewer: viewer)
        return services.redirect(to: IdentityRoutes.security.href, notice: required ? "staffTwoFactorOn" : "staffTwoFactorOff")
    }
}
