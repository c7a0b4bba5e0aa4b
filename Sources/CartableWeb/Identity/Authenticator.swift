import CartableCore
import CartableStore
import Foundation

/// Signs people in and out, and finds who holds a session token.
public struct Authenticator: Sendable {
    /// A successful sign-in.
    public struct SignedIn: Sendable {
        /// The secret to put in the cookie (never stored).
        public var token: String
        /// The new session.
        public var session: DeviceSession
        /// Who signed in.
        public var viewer: Viewer
    }

    /// A session found from its token.
    public struct Resolved: Sendable {
        /// The session, with its expiry pushed if it was touched.
        public var session: DeviceSession
        /// Who holds it.
        public var viewer: Viewer
        /// Whether the expiry was pushed now (a remembered device's cookie is then renewed too).
        public var wasTouched: Bool
    }

    let services: AppServices
    /// A hash of a random password, checked when the login does not exist so that a wrong name
    /// costs the same time as a wrong password.
    let decoyHash: String

    /// Creates the authenticator.
    public init(services: AppServices, decoyHash: String) {
        self.services = services
        self.decoyHash = decoyHash
    }

    /// What a right password leads to.
    public enum Outcome: Sendable {
        /// Signed in.
        case signedIn(SignedIn)
        /// The person uses two-factor sign-in: a code is needed next.
        case needsCode(Viewer)
        /// The school requires two-factor sign-in of its staff and this person has not set it up yet.
        case needsSetUp(Viewer)
    }

    /// Checks the credentials and opens a new session, unless two-factor sign-in needs a code (given
    /// here by the API as `code`; the pages ask for it on a second page).
    public func signIn(
        login: String, password: String, remember: Bool, userAgent: String?, code: String? = nil, address: String? = nil
    ) async throws -> Outcome {
        let viewer = try await checkPassword(login: login, password: password, address: address, userAgent: userAgent)
        switch try await secondStep(for: viewer) {
        case .none:
            return .signedIn(try await openSession(for: viewer, remember: remember, userAgent: userAgent, address: address))
        case .some(let record) where record.isOn:
            guard let code, !code.isEmpty else { return .needsCode(viewer) }
            try await TwoFactorCodes(services: services).verify(code, of: viewer.user, record: record, address: address, userAgent: userAgent)
            return .signedIn(try await openSession(for: viewer, remember: remember, userAgent: userAgent, address: address))
        case .some:
            return .needsSetUp(viewer)
        }
    }

    /// The person's two-factor record when sign-in needs a second step (a record not yet confirmed
    /// means "set it up now", for staff of a school that requires it), else `nil`.
    func secondStep(for viewer: Viewer) async throws -> TwoFactor? {
        let twoFactor = services.storage.twoFactor
        if let record = try await twoFactor.twoFactor(of: viewer.user.id), record.isOn { return record }
        guard viewer.role == .staff, try await twoFactor.isRequiredForStaff(in: viewer.schoolID) else { return nil }
        return TwoFactor(userID: viewer.user.id, secret: "", confirmedAt: nil, lastStep: 0)
    }

    /// Checks the login and password (throttled per account); the person, or ``SignInRefused``.
    func checkPassword(login: String, password: String, address: String? = nil, userAgent: String? = nil) async throws -> Viewer {
        let login = TextRules.clean(login).lowercased()
        guard !login.isEmpty, !password.isEmpty, login.count <= AccountRules.loginLength.upperBound,
            password.utf8.count <= 1024
        else { throw SignInRefused() }
        let throttle = services.signInThrottle
        // The try counts as a failure before the hash starts, so that guesses sent together cannot
        // all pass the check while their hashes run; a success clears it.
        let reservation: SignInThrottle.Reservation
        switch throttle.reserve(login, at: services.clock.now()) {
        case .success(let reserved): reservation = reserved
        case .failure(let refusal):
            Observability.refused(.signInThrottle)
            throw refusal
        }
        let found: (user: User, passwordHash: String)?
        let viewer: Viewer?
        do {
            found = try await services.storage.identity.credentials(forLogin: login)
            let matches = await services.passwords.verify(password, against: found?.passwordHash ?? decoyHash)
            if let found, matches, !found.user.isDisabled {
                viewer = try await services.storage.identity.viewer(for: found.user.id)
            } else {
                viewer = nil
            }
        } catch {
            throttle.cancel(reservation)  // not the person's failure: the database did not answer
            throw error
        }
        guard let viewer else {
            if let found {
                await SecurityLog(services: services).record(
                    .signInFailed, schoolID: found.user.schoolID, actor: nil, subject: found.user.id, address: address,
                    device: DeviceLabel.make(userAgent: userAgent))
            }
            throw SignInRefused()
        }
        throttle.succeeded(login)
        return viewer
    }

    /// Opens a new session for someone whose sign-in is complete.
    func openSession(for viewer: Viewer, remember: Bool, userAgent: String?, address: String? = nil) async throws -> SignedIn {
        let now = services.clock.now()
        let token = SessionToken.make()
        let session = DeviceSession(
            id: .make(using: services.identifiers), userID: viewer.user.id, schoolID: viewer.schoolID, createdAt: now, lastSeenAt: now,
            expiresAt: services.configuration.sessionPolicy.expiry(from: now, isRemembered: remember), isRemembered: remember,
            deviceLabel: DeviceLabel.make(userAgent: userAgent), csrfToken: SessionToken.make())
        try await services.storage.sessions.createSession(session, tokenDigest: SessionToken.digest(token))
        await SecurityLog(services: services).record(
            .signIn, schoolID: viewer.schoolID, actor: viewer.user.id, subject: viewer.user.id, address: address, device: session.deviceLabel)
        return SignedIn(token: token, session: session, viewer: viewer)
    }

    /// The live session behind `token`, if any; pushes its expiry when it is used after a while.
    public func resolve(token: String) async throws -> Resolved? {
        guard SessionToken.isWellFormed(token) else { return nil }
        let digest = SessionToken.digest(token)
        let now = services.clock.now()
        let policy = services.configuration.sessionPolicy
        // The hot path: a session seen in the last few seconds, not due for its periodic touch.
        if let cached = services.sessionCache.lookup(digest, at: now), cached.session.isActive(at: now),
            !policy.needsTouch(lastSeen: cached.session.lastSeenAt, at: now)
        {
            Observability.sessionLookup(cached: true)
            return Resolved(session: cached.session, viewer: cached.viewer, wasTouched: false)
        }
        Observability.sessionLookup(cached: false)
        guard var session = try await services.storage.sessions.session(forTokenDigest: digest) else { return nil }
        guard session.isActive(at: now) else { return nil }
        guard let viewer = try await services.storage.identity.viewer(for: session.userID), !viewer.user.isDisabled,
            viewer.schoolID == session.schoolID
        else { return nil }
        var wasTouched = false
        if policy.needsTouch(lastSeen: session.lastSeenAt, at: now) {
            session.lastSeenAt = now
            session.expiresAt = policy.expiry(from: now, isRemembered: session.isRemembered)
            try await services.storage.sessions.touchSession(session.id, lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt)
            wasTouched = true
        }
        services.sessionCache.store(digest, session: session, viewer: viewer, at: now)
        return Resolved(session: session, viewer: viewer, wasTouched: wasTouched)
    }

    /// Ends a session.
    public func signOut(_ session: DeviceSession) async throws {
        _ = try await services.storage.sessions.revokeSession(session.id, of: session.userID)
    }
}
