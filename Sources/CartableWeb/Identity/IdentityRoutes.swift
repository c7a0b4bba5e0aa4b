import CartableCore

/// Sign-in, devices and accounts: their paths, pages and API, each written once.
enum IdentityRoutes {
    /// The home page: sends each person to their landing page, or to sign in.
    static let home = Path("/")
    /// The sign-in form and where it posts (`?next=` is where to go after).
    static let signIn = Path("/signin")
    /// Signs out this device.
    static let signOut = Path("/signout")
    /// Sets the interface's language.
    static let language = Path("/settings/language")
    /// The person's signed-in devices.
    static let devices = Path("/account/devices")
    /// Signs one device out.
    static let revokeDevice = Path1<DeviceSession.ID>("/account/devices/:sessionID/revoke")
    /// Signs every other device out.
    static let revokeOtherDevices = Path("/account/devices/revoke-others")
    /// The school's accounts (`?q=`, `?role=`, `?page=`), and where the new-account form posts.
    static let accounts = Path("/admin/accounts")
    /// The form for a new account.
    static let newAccount = Path("/admin/accounts/new")
    /// One account.
    static let account = Path1<User.ID>("/admin/accounts/:userID")
    /// Sets an account's password.
    static let accountPassword = Path1<User.ID>("/admin/accounts/:userID/password")
    /// Disables an account.
    static let disableAccount = Path1<User.ID>("/admin/accounts/:userID/disable")
    /// Enables an account again.
    static let enableAccount = Path1<User.ID>("/admin/accounts/:userID/enable")
    /// The sign-in's second step: the two-factor code, or setting it up (`?next=`).
    static let signInCode = Path("/signin/code")
    /// The account's security page (two-factor sign-in).
    static let security = Path("/account/security")
    /// Starts setting two-factor sign-in up.
    static let startTwoFactor = Path("/account/security/two-factor/start")
    /// Finishes setting it up with a code.
    static let confirmTwoFactor = Path("/account/security/two-factor/confirm")
    /// Turns it off.
    static let turnOffTwoFactor = Path("/account/security/two-factor/off")
    /// Ten new recovery codes.
    static let newRecoveryCodes = Path("/account/security/recovery-codes")
    /// Requires it of the school's staff, or not.
    static let staffTwoFactor = Path("/account/security/staff-two-factor")
    /// The school's security log.
    static let securityLog = Path("/admin/security-log")

    /// The JSON API of sessions and accounts.
    enum API {
        /// Signing in (`POST`) and the person's sessions (`GET`).
        static let sessions = Path("/api/v1/sessions")
        /// Signs this session out.
        static let currentSession = Path("/api/v1/sessions/current")
        /// Signs one session out.
        static let session = Path1<DeviceSession.ID>("/api/v1/sessions/:sessionID")
        /// Who is signed in.
        static let me = Path("/api/v1/me")
        /// The school's accounts, and creating one.
        static let accounts = Path("/api/v1/accounts")
        /// Sets an account's password.
        static let accountPassword = Path1<User.ID>("/api/v1/accounts/:userID/password")
        /// Disables or enables an account.
        static let accountDisabled = Path1<User.ID>("/api/v1/accounts/:userID/disabled")

        /// Every API path of sign-in and accounts.
        static let all: [any DeclaredPath] = [sessions, currentSession, session, me, accounts, accountPassword, accountDisabled]
    }

    /// Every path of sign-in, devices and accounts, pages and API.
    static let all: [any DeclaredPath] =
        [
            home, signIn, signOut, language, devices, revokeDevice, revokeOtherDevices, accounts, newAccount, account, accountPassword,
            disableAccount, enableAccount, signInCode, security, startTwoFactor, confirmTwoFactor, turnOffTwoFactor, newRecoveryCodes,
            staffTwoFactor, securityLog,
        ] + API.all
}
