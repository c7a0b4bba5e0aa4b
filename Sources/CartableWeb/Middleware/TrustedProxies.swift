#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import NIOCore

/// The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` a node believes: addresses or
/// ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`). A request from any other peer is taken
/// as it came: a forged header from elsewhere changes neither the rate-limit key nor the cookies.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    /// One address or range: the address's bytes and how many leading bits must match.
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var bits = prefix
            for index in bytes.indices where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != bytes[index] & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    let ranges: [Range]
    /// The ranges as given, for `--help` and logs.
    public let description: String

    /// Trusts nobody (the default: a node reached directly).
    public static let none = TrustedProxies(ranges: [], description: "")
    /// The proxy runs on the same machine (`127.0.0.0/8`, `::1`).
    public static let loopback = try! TrustedProxies(parsing: ["127.0.0.0/8", "::1"])

    init(ranges: [Range], description: String) {
        self.ranges = ranges
        self.description = description
    }

    /// Reads `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or range; throws ``InvalidAddress`` naming the first bad one.
    public init(parsing texts: [String]) throws(InvalidAddress) {
        var ranges: [Range] = []
        for raw in texts {
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else { throw InvalidAddress(text: text) }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let bits = Int(parts[1]), (0...prefix).contains(bits) else { throw InvalidAddress(text: text) }
                prefix = bits
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        self.init(ranges: ranges, description: texts.joined(separator: ","))
    }

    /// Whether nobody is trusted.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `peer` (the TCP peer of a request) is a trusted proxy. An unknown peer is not.
    public func trusts(_ peer: SocketAddress?) -> Bool {
        guard !ranges.isEmpty, let text = peer?.ipAddress else { return false }
        return trusts(address: text)
    }

    /// Whether the address written as `text` is a trusted proxy.
    public func trusts(address text: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.bytes(of: text) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address as IPv4), or `nil`.
    static func bytes(of text: String) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &buffer) == 1 { return Array(buffer[0..<4]) }
        guard inet_pton(AF_INET6, text, &buffer) == 1 else { return nil }
        if buffer[0..<10].allSatisfy({ $0 == 0 }) && buffer[10] == 0xFF && buffer[11] == 0xFF { return Array(buffer[12...]) }
        return buffer
    }

    /// An address that is not one.
    public struct InvalidAddress: Error, Sendable, CustomStringConvertible {
        /// What was given.
        public var text: String
        public var description: String { "\(text) is not an IP address or range (a.b.c.d, a.b.c.d/n, an IPv6 address or range)." }
    }
}
