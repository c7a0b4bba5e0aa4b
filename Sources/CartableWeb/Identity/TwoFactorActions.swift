import CartableCore
import CartableStore
import Foundation
import Logging

/// What the pages do with two-factor sign-in: set it up, turn it off, new recovery codes, the
/// school's requirement for staff, and the second step of a sign-in. Policy first, then the store.
struct TwoFactorActions: Sendable {
    let services: AppServices

    /// The viewer's record, if they may use two-factor sign-in at all (else ``NotFound``).
    func record(of viewer: Viewer) async throws -> TwoFactor? {
        guard services.policy.allows(viewer, .useTwoFactor) else { throw NotFound() }
        return try await services.storage.twoFactor.twoFactor(of: viewer.user.id)
    }

    /// Starts setting it up with a new secret (an earlier, unfinished set-up is replaced; one that is on is left as it is).
    func startSetUp(for viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .useTwoFactor) else { throw NotFound() }
        if let record = try await services.storage.twoFactor.twoFactor(of: viewer.user.id), record.isOn { return }
        try await services.storage.twoFactor.startSetUp(of: viewer.user, secret: TwoFactorCodes.makeSecret(), at: services.clock.now())
    }

    /// Finishes setting it up with the code the app shows; returns the ten recovery codes (shown once).
    func confirm(_ typed: String?, for viewer: Viewer) async throws -> [String] {
        guard let record = try await services.storage.twoFactor.twoFactor(of: viewer.user.id), !record.isOn else { throw NotFound() }
        return try await confirm(typed, record: record, user: viewer.user)
    }

    /// The same for a record already loaded (the sign-in's second step uses it too).
    func confirm(_ typed: String?, record: TwoFactor, user: User) async throws -> [String] {
        let throttle = services.signInThrottle
        let key = "code:\(user.id)"
        let now = services.clock.now()
        switch throttle.reserve(key, at: now) {
        case .failure(let refusal): throw refusal
        case .success(let reservation):
            guard case .oneTime(let code) = TwoFactorRules.reading(typed), let step = TwoFactorCodes.step(of: code, secret: record.secret, at: now)
            else { throw ValidationError([FieldIssue(field: "code", problem: .wrongCode)]) }
            let (codes, digests) = TwoFactorCodes.makeRecoveryCodes()
            do {
                guard try await services.storage.twoFactor.confirm(of: user.id, step: step, recoveryCodeDigests: digests, at: now) else {
                    throw NotFound()
                }
            } catch {
                throttle.cancel(reservation)
                throw error
            }
            throttle.succeeded(key)
            await SecurityLog(services: services).record(.twoFactorOn, schoolID: user.schoolID, actor: user.id, subject: user.id)
            return codes
        }
    }

    /// Turns it off, with a current code (or a recovery code); refused while the school requires it of staff.
    func turnOff(_ typed: String?, for viewer: Viewer) async throws {
        guard let record = try await record(of: viewer), record.isOn else { throw NotFound() }
        if viewer.role == .staff, try await services.storage.twoFactor.isRequiredForStaff(in: viewer.schoolID) {
            throw ValidationError([FieldIssue(field: "code", problem: .requiredBySchool)])
        }
        try await check(typed, of: viewer.user, record: record)
        try await services.storage.twoFactor.turnOff(of: viewer.user.id)
        await SecurityLog(services: services).record(.twoFactorOff, schoolID: viewer.schoolID, actor: viewer.user.id, subject: viewer.user.id)
    }

    /// Ten new recovery codes (the old ones stop working), with a current code.
    func newRecoveryCodes(_ typed: String?, for viewer: Viewer) async throws -> [String] {
        guard let record = try await record(of: viewer), record.isOn else { throw NotFound() }
        try await check(typed, of: viewer.user, record: record)
        let (codes, digests) = TwoFactorCodes.makeRecoveryCodes()
        try await services.storage.twoFactor.replaceRecoveryCodes(of: viewer.user.id, schoolID: viewer.schoolID, digests: digests)
        await SecurityLog(services: services).record(
            .recoveryCodesRenewed, schoolID: viewer.schoolID, actor: viewer.user.id, subject: viewer.user.id)
        return codes
    }

    /// Makes it mandatory, or not, for the school's staff.
    func setStaffRequirement(_ required: Bool, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .requireStaffTwoFactor(schoolID: viewer.schoolID)) else { throw NotFound() }
        try await services.storage.twoFactor.setRequiredForStaff(required, in: viewer.schoolID, at: services.clock.now())
        await SecurityLog(services: services).record(
            required ? .staffTwoFactorRequired : .staffTwoFactorNotRequired, schoolID: viewer.schoolID, actor: viewer.user.id, subject: nil)
        services.logger.notice(
            "two-factor sign-in requirement for staff changed", metadata: ["school": "\(viewer.schoolID)", "required": "\(required)"])
    }

    /// A code checked as at sign-in; a wrong one is a field error here (the person is signed in).
    func check(_ typed: String?, of user: User, record: TwoFactor) async throws {
        do {
            try await TwoFactorCodes(services: services).verify(typed, of: user, record: record)
        } catch is SignInRefused {
            throw ValidationError([FieldIssue(field: "code", problem: .wrongCode)])
        }
    }

    // MARK: The sign-in's second step

    /// Keeps a sign-in whose password was right, waiting for its code; returns the cookie's token.
    /// For staff who must set it up first, a new secret is made now.
    func beginSignIn(of viewer: Viewer, remember: Bool) async throws -> String {
        let now = services.clock.now()
        let existing = try await services.storage.twoFactor.twoFactor(of: viewer.user.id)
        if existing?.isOn != true {
            try await services.storage.twoFactor.startSetUp(of: viewer.user, secret: TwoFactorCodes.makeSecret(), at: now)
        }
        let token = SessionToken.make()
        try await services.storage.twoFactor.createChallenge(
            SignInChallenge(
                userID: viewer.user.id, schoolID: viewer.schoolID, isRemembered: remember, expiresAt: now.addingTimeInterval(TwoFactorRules.challengeLifetime)
            ), tokenDigest: SessionToken.digest(token))
        return token
    }

    /// The sign-in waiting behind `token`, with the person and their record; `nil` if there is none or it expired.
    func waitingSignIn(_ token: String?) async throws -> (challenge: SignInChallenge, viewer: Viewer, record: TwoFactor)? {
        guard let token, SessionToken.isWellFormed(token),
            let challenge = try await services.storage.twoFactor.challenge(forTokenDigest: SessionToken.digest(token)),
            challenge.expiresAt > services.clock.now(),
            let viewer = try await services.storage.identity.viewer(for: challenge.userID), !viewer.user.isDisabled,
            viewer.schoolID == challenge.schoolID,
            let record = try await services.storage.twoFactor.twoFactor(of: challenge.userID)
        else { return nil }
        return (challenge, viewer, record)
    }

    /// Ends a waiting sign-in.
    func endSignIn(_ token: String) async throws {
        try await services.storage.twoFactor.deleteChallenge(tokenDigest: SessionToken.digest(token))
    }
}
