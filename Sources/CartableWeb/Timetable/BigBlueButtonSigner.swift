import Crypto
import Foundation

/// Signs BigBlueButton API calls as the server checks them: `checksum = hex(H(call + query + secret))` over the
/// exact query string sent, its values encoded as Java's `URLEncoder` does (the server's own language).
///
/// Java's form encoding keeps `A–Z a–z 0–9 - _ . *`, writes a space as `+`, and every other byte of the
/// UTF-8 text as `%XX` in upper case. Signing what is sent, byte for byte, is what makes names with accents
/// and apostrophes ("Éloïse D'Arc-Müller") work.
struct BigBlueButtonSigner: Sendable {
    /// The digest of the checksum: SHA-256 by default, SHA-1 for servers older than 2.6 set up that way.
    enum Algorithm: String, Sendable, CaseIterable {
        case sha256, sha1
    }

    /// The server's shared secret (never shown or logged).
    let secret: String
    var algorithm: Algorithm = .sha256

    /// `name=value&…` with each value form-encoded, in the order given.
    static func query(_ parameters: KeyValuePairs<String, String>) -> String {
        parameters.map { "\(formEncode($0.key))=\(formEncode($0.value))" }.joined(separator: "&")
    }

    /// The checksum of `call` with `query` (without its `checksum` parameter), in lower-case hex.
    func checksum(call: String, query: String) -> String {
        let data = Data((call + query + secret).utf8)
        switch algorithm {
        case .sha256: return SHA256.hash(data: data).hexString
        case .sha1: return Insecure.SHA1.hash(data: data).hexString
        }
    }

    /// `query` with its checksum appended: what goes after `…/api/<call>?`.
    func signedQuery(call: String, query: String) -> String {
        (query.isEmpty ? "" : query + "&") + "checksum=" + checksum(call: call, query: query)
    }

    /// Java's `URLEncoder.encode(text, UTF_8)`.
    static func formEncode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "*"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                result.append("+")
            default:
                result.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}
