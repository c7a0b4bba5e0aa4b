import CartableCore
import Foundation

/// Two-factor sign-in: each person's secret and recovery codes, the sign-ins waiting for their code,
/// and whether a school requires it of its staff. Recovery codes and challenge tokens are stored as
/// SHA-256 digests only.
public protocol TwoFactorStore: Sendable {
    /// The person's two-factor record, if they started or finished setting it up.
    func twoFactor(of userID: User.ID) async throws -> TwoFactor?
    /// Starts (or starts again) a set-up with a new secret, not yet asked at sign-in.
    func startSetUp(of user: User, secret: String, at instant: Date) async throws
    /// Finishes the set-up: the code for `step` was right. Replaces the recovery codes with `recoveryCodeDigests`.
    /// `false` if there was no set-up to finish.
    func confirm(of userID: User.ID, step: Int64, recoveryCodeDigests: [String], at instant: Date) async throws -> Bool
    /// Turns it off: the secret and the recovery codes are deleted.
    func turnOff(of userID: User.ID) async throws
    /// Records that a code for `step` was accepted, unless one for this step or a later one already was
    /// (then `false`: a code is never accepted twice).
    func accept(step: Int64, of userID: User.ID) async throws -> Bool
    /// Uses a recovery code once; `false` if it is unknown or already used.
    func useRecoveryCode(digest: String, of userID: User.ID, at instant: Date) async throws -> Bool
    /// Recovery codes not used yet.
    func unusedRecoveryCodes(of userID: User.ID) async throws -> Int
    /// Replaces the recovery codes.
    func replaceRecoveryCodes(of userID: User.ID, schoolID: School.ID, digests: [String]) async throws

    /// Keeps a sign-in whose password was right, waiting for its code, under the digest of its token.
    func createChallenge(_ challenge: SignInChallenge, tokenDigest: String) async throws
    /// The waiting sign-in behind a token's digest, if any (expired or not: the caller decides).
    func challenge(forTokenDigest digest: String) async throws -> SignInChallenge?
    /// Ends a waiting sign-in (its code was right, or it expired).
    func deleteChallenge(tokenDigest: String) async throws

    /// Whether the school requires two-factor sign-in of its staff.
    func isRequiredForStaff(in schoolID: School.ID) async throws -> Bool
    /// Requires it of the school's staff, or not.
    func setRequiredForStaff(_ required: Bool, in schoolID: School.ID, at instant: Date) async throws
}

/// A sign-in whose password was right, waiting for its second step.
public struct SignInChallenge: Sendable, Hashable {
    /// Who is signing in.
    public var userID: User.ID
    /// Their school.
    public var schoolID: School.ID
    /// Whether the device is to be remembered once the code is right.
    public var isRemembered: Bool
    /// When the waiting ends.
    public var expiresAt: Date

    /// Creates a challenge.
    public init(userID: User.ID, schoolID: School.ID, isRemembered: Bool, expiresAt: Date) {
        self.userID = userID
        self.schoolID = schoolID
        self.isRemembered = isRemembered
        self.expiresAt = expiresAt
    }
}
