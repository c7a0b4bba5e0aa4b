import CartableCore
import CartableStore
import Foundation

/// Creating accounts, resetting passwords, disabling: shared by the staff pages, the API and the CLI.
public struct AccountActions: Sendable {
    let storage: Storage
    let passwords: any PasswordHasher
    let clock: any WallClock
    let identifiers: any IdentifierGenerator

    /// Creates the actions.
    public init(storage: Storage, passwords: any PasswordHasher, clock: any WallClock, identifiers: any IdentifierGenerator) {
        self.storage = storage
        self.passwords = passwords
        self.clock = clock
        self.identifiers = identifiers
    }

    init(services: AppServices) {
        self.init(storage: services.storage, passwords: services.passwords, clock: services.clock, identifiers: services.identifiers)
    }

    /// Creates an account in `schoolID`, by `actor` (`nil`: the command line). Throws ``ValidationError`` (including a login already taken).
    public func create(_ input: AccountInput, in schoolID: School.ID, by actor: User.ID? = nil) async throws -> User {
        let checked = try input.validated()
        if try await storage.identity.credentials(forLogin: checked.login) != nil {
            throw ValidationError([FieldIssue(field: "login", problem: .loginTaken)])
        }
        let user = User(
            id: .make(using: identifiers), schoolID: schoolID, login: checked.login, firstName: checked.firstName, lastName: checked.lastName,
            role: checked.role)
        let hash = try await passwords.hash(checked.password)
        do {
            try await storage.identity.createUser(user, passwordHash: hash, at: clock.now())
        } catch StoreError.duplicate {
            throw ValidationError([FieldIssue(field: "login", problem: .loginTaken)])
        }
        await log(.accountCreated, schoolID: schoolID, actor: actor, subject: user.id)
        return user
    }

    /// Sets a new password and signs the person out of every device. Throws ``ValidationError`` or ``NotFound``.
    public func resetPassword(of user: User, to password: String, by actor: User.ID? = nil) async throws {
        if let problem = AccountRules.problem(withPassword: password) {
            throw ValidationError([FieldIssue(field: "password", problem: problem)])
        }
        let hash = try await passwords.hash(password)
        guard try await storage.identity.setPasswordHash(hash, for: user.id, in: user.schoolID, at: clock.now()) else { throw NotFound() }
        _ = try await storage.sessions.revokeSessions(of: user.id, except: nil)
        await log(.passwordReset, schoolID: user.schoolID, actor: actor, subject: user.id)
    }

    /// Disables (signing out every device) or re-enables an account.
    public func setDisabled(_ isDisabled: Bool, user: User, by actor: User.ID? = nil) async throws {
        guard try await storage.identity.setDisabled(isDisabled, for: user.id, in: user.schoolID, at: clock.now()) else { throw NotFound() }
        if isDisabled { _ = try await storage.sessions.revokeSessions(of: user.id, except: nil) }
        await log(isDisabled ? .accountDisabled : .accountEnabled, schoolID: user.schoolID, actor: actor, subject: user.id)
    }

    /// Writes the security log; a failure to write it does not undo what was done.
    private func log(_ kind: SecurityEvent.Kind, schoolID: School.ID, actor: User.ID?, subject: User.ID) async {
        try? await storage.securityLog.record(
            SecurityEvent(id: .make(using: identifiers), schoolID: schoolID, at: clock.now(), kind: kind, actorID: actor, subjectID: subject))
    }
}

extension AppServices {
    /// The signed-in staff member, or ``NotFound`` for anyone else (the accounts pages do not exist for them).
    func requireStaff(_ context: AppRequestContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard policy.allows(viewer, .manageAccounts) else { throw NotFound() }
        return viewer
    }

    /// The account `id` of the viewer's school, if the viewer may manage it; ``NotFound`` otherwise.
    func managedUser(_ id: User.ID, viewer: Viewer) async throws -> User {
        guard let user = try await storage.identity.user(id, in: viewer.schoolID),
            policy.allows(viewer, .manageAccount(user))
        else { throw NotFound() }
        return user
    }
}
