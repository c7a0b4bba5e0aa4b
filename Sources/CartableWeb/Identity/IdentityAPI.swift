import CartableCore
import CartableStore
import Hummingbird

/// `/api/v1`: sessions, who am I, and staff's account management.
struct IdentityAPI: Sendable {
    let services: AppServices
    let authenticator: Authenticator
    var accounts: AccountActions { AccountActions(services: services) }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.post(IdentityRoutes.API.sessions, use: signIn)
        router.get(IdentityRoutes.API.sessions, use: sessions)
        router.delete(IdentityRoutes.API.currentSession, use: signOut)
        router.delete(IdentityRoutes.API.session, use: revoke)
        router.get(IdentityRoutes.API.me, use: me)
        router.get(IdentityRoutes.API.accounts, use: listAccounts)
        router.post(IdentityRoutes.API.accounts, use: createAccount)
        router.put(IdentityRoutes.API.accountPassword, use: resetPassword)
        router.put(IdentityRoutes.API.accountDisabled, use: setDisabled)
    }

    @Sendable func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await JSON.decode(APIModel.SignInBody.self, from: &request, limit: 16 * 1024)
        let remember = body.rememberDevice ?? false
        let outcome = try await authenticator.signIn(
            login: body.login ?? "", password: body.password ?? "", remember: remember, userAgent: request.headers[.userAgent],
            code: body.code, address: context.clientAddress(request, proxies: services.configuration.trustedProxies))
        let signedIn: Authenticator.SignedIn
        switch outcome {
        case .signedIn(let done): signedIn = done
        case .needsCode: throw TwoFactorNeeded(isSetUp: false)
        case .needsSetUp: throw TwoFactorNeeded(isSetUp: true)
        }
        if let previous = context.session { try? await authenticator.signOut(previous) }
        var response = try JSON.response(
            APIModel.SignedIn(user: .init(signedIn.viewer.user), session: .init(signedIn.session, current: signedIn.session.id)), status: .created)
        response.setCookie(
            Cookies.session(
                token: signedIn.token, maxAge: remember ? Int(services.configuration.sessionPolicy.rememberedLifetime) : nil,
                isSecure: context.isSecure))
        return response
    }

    @Sendable func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireViewer()
        if let session = context.session { try await authenticator.signOut(session) }
        var response = Response(status: .noContent)
        response.setCookie(Cookies.clearSession(isSecure: context.isSecure))
        return response
    }

    @Sendable func sessions(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let sessions = try await DeviceActions(services: services).devices(of: viewer)
        return try JSON.response(APIModel.SessionList(sessions: sessions.map { .init($0, current: context.session?.id) }))
    }

    @Sendable func revoke(request: Request, context: AppRequestContext, sessionID: DeviceSession.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        let id = try await DeviceActions(services: services).revoke(sessionID, viewer: viewer)
        var response = Response(status: .noContent)
        if id == context.session?.id { response.setCookie(Cookies.clearSession(isSecure: context.isSecure)) }
        return response
    }

    @Sendable func me(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        let byID = Dictionary(classes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func models(_ ids: Set<SchoolClass.ID>) -> [APIModel.SchoolClass] {
            classes.filter { ids.contains($0.id) }.map(APIModel.SchoolClass.init)
        }
        let me = APIModel.Me(
            user: .init(viewer.user), school: .init(id: viewer.school.id.rawValue, uai: viewer.school.uai, name: viewer.school.name),
            classes: models(viewer.classIDs), children: viewer.children.map { .init(pupil: .init($0.pupil), classes: models($0.classIDs)) },
            teachings: viewer.teachings.map {
                .init(classID: $0.classID.rawValue, className: byID[$0.classID]?.name ?? "", subject: $0.subject)
            })
        return try JSON.response(me)
    }

    @Sendable func listAccounts(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let query = request.queryData
        let limit = max(1, min(500, query["limit"].flatMap { Int($0) } ?? 100))
        let offset = max(0, min(1_000_000, query["offset"].flatMap { Int($0) } ?? 0))
        let search = TextRules.clean(query["q"])
        let users = try await services.storage.identity.users(
            in: viewer.schoolID, role: query["role"].flatMap(Role.init(rawValue:)), matching: search.isEmpty ? nil : String(search.prefix(80)),
            limit: limit, offset: offset)
        return try JSON.response(APIModel.UserList(users: users.map(APIModel.User.init)))
    }

    @Sendable func createAccount(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.requireStaff(context)
        var request = request
        let body = try await JSON.decode(APIModel.AccountBody.self, from: &request, limit: 16 * 1024)
        let user = try await accounts.create(
            AccountInput(login: body.login, firstName: body.firstName, lastName: body.lastName, role: body.role, password: body.password),
            in: viewer.schoolID, by: viewer.user.id)
        return try JSON.response(APIModel.User(user), status: .created)
    }

    @Sendable func resetPassword(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let user = try await services.managedUser(userID, viewer: viewer)
        var request = request
        let body = try await JSON.decode(APIModel.PasswordBody.self, from: &request, limit: 16 * 1024)
        try await accounts.resetPassword(of: user, to: body.password ?? "", by: viewer.user.id)
        return Response(status: .noContent)
    }

    @Sendable func setDisabled(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let user = try await services.managedUser(userID, viewer: viewer)
        guard services.policy.allows(viewer, .disableAccount(user)) else { throw NotFound() }
        var request = request
        let body = try await JSON.decode(APIModel.DisabledBody.self, from: &request, limit: 1024)
        try await accounts.setDisabled(body.isDisabled, user: user, by: viewer.user.id)
        return Response(status: .noContent)
    }
}
