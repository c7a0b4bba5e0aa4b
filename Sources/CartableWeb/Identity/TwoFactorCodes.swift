import CartableCore
import CartableStore
import Crypto
import ExtrasBase64
import Foundation
import HummingbirdOTP

/// Checks two-factor codes: a time-based code (RFC 6238, with HummingbirdOTP) or a recovery code.
///
/// Every check is counted before it is made (``SignInThrottle/reserve(_:at:)``, under the key
/// `code:` + the account), so codes are throttled exactly like passwords; a code's 30-second step is
/// accepted once only, in the database, so a code seen over a shoulder cannot be used again.
struct TwoFactorCodes: Sendable {
    let services: AppServices

    /// A new secret: 20 characters of 6 random bits each (120 bits), as the authenticator app will hold them.
    static func makeSecret() -> String { String(SessionToken.make().prefix(20)) }

    /// The secret as people type it into an app: base32, in groups of four.
    static func typedKey(_ secret: String) -> String {
        let base32 = String(base32Encoding: Array(secret.utf8), options: .omitPaddingCharacter)
        return stride(from: 0, to: base32.count, by: 4).map { offset in
            let start = base32.index(base32.startIndex, offsetBy: offset)
            return String(base32[start..<(base32.index(start, offsetBy: 4, limitedBy: base32.endIndex) ?? base32.endIndex)])
        }.joined(separator: " ")
    }

    /// The `otpauth://` link an authenticator app opens (or reads from a QR code).
    static func authenticatorLink(_ secret: String, login: String, school: String) -> String {
        TOTP(secret: secret, length: TwoFactorRules.digits, timeStep: TwoFactorRules.step)
            .createAuthenticatorURL(label: "Cartable:\(login)", issuer: "Cartable \(school)")
    }

    /// The 30-second step `code` belongs to for `secret` around `instant` (the current step and one
    /// either side), or `nil` if it matches none.
    static func step(of code: String, secret: String, at instant: Date) -> Int64? {
        let totp = TOTP(secret: secret, length: TwoFactorRules.digits, timeStep: TwoFactorRules.step)
        let current = Int64(instant.timeIntervalSince1970) / Int64(TwoFactorRules.step)
        for step in (current - Int64(TwoFactorRules.drift))...(current + Int64(TwoFactorRules.drift)) {
            let expected = totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * Int64(TwoFactorRules.step))))
            let text = String(expected)
            let padded = String(repeating: "0", count: max(0, TwoFactorRules.digits - text.count)) + text
            if SessionToken.constantTimeEquals(padded, code) { return step }
        }
        return nil
    }

    /// The digest a recovery code is kept as.
    static func digest(ofRecoveryCode code: String) -> String {
        SHA256.hash(data: Data(code.utf8)).hexString
    }

    /// Ten new recovery codes and their digests.
    static func makeRecoveryCodes() -> (codes: [String], digests: [String]) {
        var generator = SystemRandomNumberGenerator()
        let codes = TwoFactorRules.makeRecoveryCodes(using: &generator)
        return (codes, codes.map(digest(ofRecoveryCode:)))
    }

    /// Checks what `user` typed against their confirmed two-factor record; throws ``TooManyRequests``
    /// when they tried too often, ``SignInRefused`` when it is wrong or already used.
    func verify(_ typed: String?, of user: User, record: TwoFactor, address: String? = nil, userAgent: String? = nil) async throws {
        let throttle = services.signInThrottle
        let key = "code:\(user.id)"
        let reservation: SignInThrottle.Reservation
        switch throttle.reserve(key, at: services.clock.now()) {
        case .success(let reserved): reservation = reserved
        case .failure(let refusal):
            Observability.refused(.signInThrottle)
            throw refusal
        }
        let now = services.clock.now()
        let accepted: Bool
        do {
            switch TwoFactorRules.reading(typed) {
            case .oneTime(let code):
                if let step = Self.step(of: code, secret: record.secret, at: now) {
                    accepted = try await services.storage.twoFactor.accept(step: step, of: user.id)
                } else {
                    accepted = false
                }
            case .recovery(let code):
                accepted = try await services.storage.twoFactor.useRecoveryCode(digest: Self.digest(ofRecoveryCode: code), of: user.id, at: now)
            case nil:
                accepted = false
            }
        } catch {
            throttle.cancel(reservation)
            throw error
        }
        guard accepted else {
            await SecurityLog(services: services).record(
                .codeFailed, schoolID: user.schoolID, actor: nil, subject: user.id, address: address, device: DeviceLabel.make(userAgent: userAgent))
            throw SignInRefused()
        }
        throttle.succeeded(key)
    }
}

/// The password was right but sign-in needs its second step: a code (`isSetUp` false), or setting
/// two-factor sign-in up first (the school requires it of its staff).
struct TwoFactorNeeded: Error, Sendable {
    /// Whether the person must set it up first (in the browser).
    var isSetUp: Bool
}
