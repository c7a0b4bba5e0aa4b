import CartableCore
import CartableStore
import Hummingbird

/// Staff's pages to find, create, reset and disable accounts of their school.
struct AccountPages: Sendable {
    let services: AppServices
    var actions: AccountActions { AccountActions(services: services) }

    static let pageSize = 50

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(IdentityRoutes.accounts, use: list)
        router.get(IdentityRoutes.newAccount, use: newAccount)
        router.post(IdentityRoutes.accounts, use: create)
        router.get(IdentityRoutes.account, use: account)
        router.post(IdentityRoutes.accountPassword, use: resetPassword)
        router.post(IdentityRoutes.disableAccount, use: disable)
        router.post(IdentityRoutes.enableAccount, use: enable)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let t = context.localizer
        let query = request.queryData
        let search = TextRules.clean(query["q"])
        let role = query["role"].flatMap(Role.init(rawValue:))
        let page = max(1, min(10_000, query["page"].flatMap { Int($0) } ?? 1))
        let users = try await services.storage.identity.users(
            in: viewer.schoolID, role: role, matching: search.isEmpty ? nil : String(search.prefix(80)), limit: Self.pageSize + 1,
            offset: (page - 1) * Self.pageSize)
        let content = AccountsPage(
            users: Array(users.prefix(Self.pageSize)), search: search, role: role, page: page, hasMore: users.count > Self.pageSize, t: t)
        return services.page(.accounts, content: content, title: t("accountsTitle"), section: .accounts, request: request, context: context)
    }

    @Sendable func newAccount(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try services.requireStaff(context)
        return form(values: [:], errors: nil, request: request, context: context)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.requireStaff(context)
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let input = AccountInput(
            login: form["login"], firstName: form["firstName"], lastName: form["lastName"], role: form["role"], password: form["password"])
        do {
            let user = try await actions.create(input, in: viewer.schoolID, by: viewer.user.id)
            return services.redirect(to: Route.account(user.id).href, notice: "accountCreated")
        } catch let error as ValidationError {
            var values: [String: String] = [:]
            for name in ["login", "firstName", "lastName", "role"] { values[name] = form[name] ?? "" }
            return self.form(values: values, errors: error, request: request, context: context)
        }
    }

    @Sendable func account(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let user = try await services.managedUser(userID, viewer: viewer)
        return services.page(
            .account, content: AccountPage(user: user, t: context.localizer), title: user.displayName, section: .accounts, request: request,
            context: context)
    }

    @Sendable func resetPassword(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let user = try await services.managedUser(userID, viewer: viewer)
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        do {
            try await actions.resetPassword(of: user, to: form["password"] ?? "", by: viewer.user.id)
            return services.redirect(to: Route.account(user.id).href, notice: "passwordChanged")
        } catch let error as ValidationError {
            let message = error.issues.first.map { context.localizer.problem($0.problem) }
            return services.page(
                .account, content: AccountPage(user: user, passwordError: message, t: context.localizer), title: user.displayName,
                section: .accounts, request: request, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func disable(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        try await setDisabled(true, userID: userID, request: request, context: context)
    }

    @Sendable func enable(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        try await setDisabled(false, userID: userID, request: request, context: context)
    }

    private func setDisabled(_ isDisabled: Bool, userID: User.ID, request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try services.requireStaff(context)
        let user = try await services.managedUser(userID, viewer: viewer)
        guard services.policy.allows(viewer, .disableAccount(user)) else { throw NotFound() }
        try await actions.setDisabled(isDisabled, user: user, by: viewer.user.id)
        return services.redirect(to: Route.account(user.id).href, notice: isDisabled ? "accountDisabled" : "accountEnabled")
    }

    private func form(values: [String: String], errors: ValidationError?, request: Request, context: AppRequestContext) -> Response {
        let t = context.localizer
        let content = NewAccountPage(
            values: values, roleChoices: t.roleChoices(selected: values["role"] ?? "pupil", includingAll: false),
            errors: errors.map { t.fieldErrors($0) } ?? [:], hasErrors: errors != nil)
        return services.page(
            .accountNew, content: content, title: t("newAccount"), section: .accounts, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}
