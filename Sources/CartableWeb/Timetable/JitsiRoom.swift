import Crypto
import Foundation

/// A Jitsi Meet room's address for one person: `https://<domain>/<room>`, with an HS256 token (`?jwt=`) when the
/// server uses token authentication (`iss` the application id, `aud` "jitsi", `sub` the domain, `room`, `exp`,
/// and `context.user` with the name and whether they moderate).
struct JitsiRoom: Sendable {
    let domain: String
    let appID: String?
    let secret: String?

    init(settings: VideoSettings) {
        domain = settings.jitsiDomain ?? ""
        appID = settings.jitsiAppID
        secret = settings.jitsiSecret
    }

    /// The address for `name` in `room` until `expires`.
    func url(room: String, name: String, isModerator: Bool, expires: Date) -> String {
        let base = "https://\(domain)/\(room)"
        guard let secret, !secret.isEmpty else { return base }
        return base + "?jwt=" + token(room: room, name: name, isModerator: isModerator, expires: expires, secret: secret)
    }

    func token(room: String, name: String, isModerator: Bool, expires: Date, secret: String) -> String {
        struct Header: Encodable { let alg = "HS256", typ = "JWT" }
        struct User: Encodable { let name: String, moderator: Bool }
        struct Context: Encodable { let user: User }
        struct Claims: Encodable { let iss: String, aud: String, sub: String, room: String, exp: Int, context: Context }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let claims = Claims(
            iss: appID ?? "cartable", aud: "jitsi", sub: domain, room: room, exp: Int(expires.timeIntervalSince1970),
            context: Context(user: User(name: name, moderator: isModerator)))
        let header = Self.base64URL((try? encoder.encode(Header())) ?? Data())
        let payload = Self.base64URL((try? encoder.encode(claims)) ?? Data())
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(header).\(payload).\(Self.base64URL(Data(signature)))"
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
