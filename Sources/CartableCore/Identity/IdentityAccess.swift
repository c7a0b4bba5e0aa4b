import Foundation

/// What the access policy decides about accounts, devices, sign-in, the security log and the privacy text (one part of ``AccessPolicy/Action``).
public enum IdentityAccess: Sendable, Hashable {
    /// List, create, reset and disable accounts of the viewer's school.
    case manageAccounts
    /// Change one account (reset its password).
    case manageAccount(User)
    /// Disable or re-enable one account (never one's own: staff must not lock themselves out).
    case disableAccount(User)
    /// See or revoke one signed-in device.
    case manageSession(DeviceSession)
    /// Turn on, change or turn off two-factor sign-in for one's own account (staff and teachers).
    case useTwoFactor
    /// Make two-factor sign-in mandatory, or not, for the staff of a school.
    case requireStaffTwoFactor(schoolID: School.ID)
    /// Read a school's security log (sign-ins, resets, two-factor changes, accounts disabled).
    case readSecurityLog(schoolID: School.ID)
    /// Set the text of a school's privacy page.
    case setPrivacyText(schoolID: School.ID)
    /// Download everything Cartable holds about one person (their right of access).
    case exportPersonalData(User)
    /// See and purge a school's accounts disabled for longer than it keeps them, and set that period.
    case purgeAccounts(schoolID: School.ID)
}

extension AccessPolicy.Action {
    /// List, create, reset and disable accounts of the viewer's school.
    public static var manageAccounts: Self { .identity(.manageAccounts) }
    /// Change one account (reset its password).
    public static func manageAccount(_ value: User) -> Self { .identity(.manageAccount(value)) }
    /// Disable or re-enable one account (never one's own: staff must not lock themselves out).
    public static func disableAccount(_ value: User) -> Self { .identity(.disableAccount(value)) }
    /// See or revoke one signed-in device.
    public static func manageSession(_ value: DeviceSession) -> Self { .identity(.manageSession(value)) }
    /// Turn on, change or turn off two-factor sign-in for one's own account (staff and teachers).
    public static var useTwoFactor: Self { .identity(.useTwoFactor) }
    /// Make two-factor sign-in mandatory, or not, for the staff of a school.
    public static func requireStaffTwoFactor(schoolID: School.ID) -> Self { .identity(.requireStaffTwoFactor(schoolID: schoolID)) }
    /// Read a school's security log (sign-ins, resets, two-factor changes, accounts disabled).
    public static func readSecurityLog(schoolID: School.ID) -> Self { .identity(.readSecurityLog(schoolID: schoolID)) }
    /// Set the text of a school's privacy page.
    public static func setPrivacyText(schoolID: School.ID) -> Self { .identity(.setPrivacyText(schoolID: schoolID)) }
    /// Download everything Cartable holds about one person (their right of access).
    public static func exportPersonalData(_ value: User) -> Self { .identity(.exportPersonalData(value)) }
    /// See and purge a school's accounts disabled for longer than it keeps them, and set that period.
    public static func purgeAccounts(schoolID: School.ID) -> Self { .identity(.purgeAccounts(schoolID: schoolID)) }
}

extension AccessPolicy {
    /// The rules about accounts, devices, sign-in, the security log and the privacy text.
    func allows(_ viewer: Viewer, identity action: IdentityAccess) -> Bool {
        switch action {
        case .manageAccounts:
            return viewer.role == .staff

        case .manageAccount(let user):
            return viewer.role == .staff && user.schoolID == viewer.schoolID

        case .disableAccount(let user):
            return viewer.role == .staff && user.schoolID == viewer.schoolID && user.id != viewer.user.id

        case .manageSession(let session):
            return session.userID == viewer.user.id && session.schoolID == viewer.schoolID

        case .useTwoFactor:
            return viewer.role == .staff || viewer.role == .teacher

        case .requireStaffTwoFactor(let schoolID), .readSecurityLog(let schoolID), .setPrivacyText(let schoolID), .purgeAccounts(let schoolID):
            return viewer.role == .staff && schoolID == viewer.schoolID

        case .exportPersonalData(let user):
            return viewer.role == .staff && user.schoolID == viewer.schoolID
        }
    }
}
