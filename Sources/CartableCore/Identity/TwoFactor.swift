import Foundation

/// Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238): what a person has set up.
///
/// Staff see every pupil of a school, so they (and teachers who choose it) can add a second step to
/// their sign-in: a six-digit code from an authenticator app, or one of ten single-use recovery codes.
public struct TwoFactor: Sendable, Hashable {
    /// The account.
    public var userID: User.ID
    /// The shared secret (the authenticator app holds the same one).
    public var secret: String
    /// When the person proved their app works (`nil`: set-up started, not finished; not asked at sign-in).
    public var confirmedAt: Date?
    /// The last 30-second step a code was accepted for: a code is never accepted twice.
    public var lastStep: Int64

    /// Creates the record.
    public init(userID: User.ID, secret: String, confirmedAt: Date?, lastStep: Int64) {
        self.userID = userID
        self.secret = secret
        self.confirmedAt = confirmedAt
        self.lastStep = lastStep
    }

    /// Whether sign-in asks for a code.
    public var isOn: Bool { confirmedAt != nil }
}

/// The rules of two-factor sign-in, in one place.
public enum TwoFactorRules {
    /// Digits of a code (what authenticator apps show by default).
    public static let digits = 6
    /// Seconds a code lasts (the apps' default).
    public static let step = 30
    /// Steps accepted before and after the current one (a phone's clock a little off).
    public static let drift = 1
    /// Recovery codes made at a time.
    public static let recoveryCodeCount = 10
    /// Characters of a recovery code, without look-alikes (no i l o 0 1; no u v confusion by hand).
    public static let recoveryAlphabet = Array("abcdefghjkmnpqrstwxyz3456789")
    /// Characters of a recovery code, written as two groups of five.
    public static let recoveryLength = 10
    /// Minutes a sign-in may wait between the password and the code.
    public static let challengeLifetime: TimeInterval = 10 * 60

    /// Ten new recovery codes, `abcde-fghjk`, from `generator` (the system's secure one in production).
    public static func makeRecoveryCodes(using generator: inout some RandomNumberGenerator) -> [String] {
        (0..<recoveryCodeCount).map { _ in
            let characters = (0..<recoveryLength).map { _ in recoveryAlphabet.randomElement(using: &generator)! }
            return String(characters.prefix(5)) + "-" + String(characters.dropFirst(5))
        }
    }

    /// What a person typed, read as a one-time code (six digits, spaces allowed) or a recovery code
    /// (letters and digits with or without the dash, any case); `nil` if it is neither.
    public static func reading(_ typed: String?) -> TypedCode? {
        let text = TextRules.clean(typed).lowercased().filter { !$0.isWhitespace }
        if text.count == digits, text.allSatisfy(\.isASCIIDigit) { return .oneTime(text) }
        let letters = text.filter { $0 != "-" }
        if letters.count == recoveryLength, letters.allSatisfy({ recoveryAlphabet.contains($0) }) {
            return .recovery(String(letters.prefix(5)) + "-" + String(letters.dropFirst(5)))
        }
        return nil
    }

    /// A code as typed.
    public enum TypedCode: Sendable, Hashable {
        /// Six digits from the app.
        case oneTime(String)
        /// A recovery code, normalised to `abcde-fghjk`.
        case recovery(String)
    }
}

extension Character {
    /// Whether this is one of `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
