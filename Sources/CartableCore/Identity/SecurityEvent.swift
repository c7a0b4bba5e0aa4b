import Foundation

/// Something that matters to an account's safety, kept in the school's security log for staff to read.
///
/// It holds who, what, when, from which address and device: never a password, a token, a code or
/// what anyone wrote. A failed sign-in is logged only for a login that exists (a mistyped login
/// may be a password typed in the wrong field).
public struct SecurityEvent: Sendable, Hashable {
    /// The event's identifier.
    public typealias ID = Identifier<SecurityEvent>

    /// What happened.
    public enum Kind: String, Sendable, CaseIterable {
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case codeFailed = "code_failed"
        case passwordReset = "password_reset"
        case twoFactorOn = "two_factor_on"
        case twoFactorOff = "two_factor_off"
        case recoveryCodesRenewed = "recovery_codes_renewed"
        case staffTwoFactorRequired = "staff_two_factor_required"
        case staffTwoFactorNotRequired = "staff_two_factor_not_required"
        case accountCreated = "account_created"
        case accountDisabled = "account_disabled"
        case accountEnabled = "account_enabled"
        case accountPurged = "account_purged"
        case retentionChanged = "retention_changed"
        case accountActivated = "account_activated"
    }

    /// The identifier.
    public var id: ID
    /// The school whose log it is in.
    public var schoolID: School.ID
    /// When.
    public var at: Date
    /// What.
    public var kind: Kind
    /// Who did it (`nil`: the command line, or nobody signed in yet).
    public var actorID: User.ID?
    /// Whose account it is about.
    public var subjectID: User.ID?
    /// The client's address, as the node saw it (through trusted proxies only).
    public var address: String?
    /// The device, as *Mes appareils* names it (“Firefox sur Android”).
    public var device: String?

    /// Creates an event.
    public init(
        id: ID, schoolID: School.ID, at: Date, kind: Kind, actorID: User.ID?, subjectID: User.ID?, address: String? = nil,
        device: String? = nil
    ) {
        self.id = id
        self.schoolID = schoolID
        self.at = at
        self.kind = kind
        self.actorID = actorID
        self.subjectID = subjectID
        self.address = address.map { String($0.prefix(64)) }
        self.device = device.map { String($0.prefix(100)) }
    }
}
