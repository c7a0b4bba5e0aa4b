import Foundation

/// A typed identifier: `User.ID`, `SchoolClass.ID`, `NotebookEntry.ID` never mix.
///
/// The raw value is a lowercase UUID string. Identifiers that come from outside
/// (URLs, forms, JSON) go through ``init(validating:)`` so that junk never reaches
/// the database and answers 404 like an id that does not exist.
public struct Identifier<Owner>: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The stored form, a lowercase UUID.
    public let rawValue: String

    /// Wraps a value read from our own storage.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Parses an identifier from untrusted input; `nil` unless it is a well-formed UUID.
    public init?(validating text: some StringProtocol) {
        var string = String(text)
        guard let hasUppercase = Self.check(&string) else { return nil }
        self.rawValue = hasUppercase ? string.lowercased() : string
    }

    /// A new random identifier drawn from `generator`.
    public static func make(using generator: some IdentifierGenerator) -> Self {
        Self(rawValue: generator.makeRawIdentifier())
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let identifier = Self(validating: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an identifier")
        }
        self = identifier
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// `nil` unless `text` is a UUID (36 characters, hex digits and four dashes); otherwise whether it
    /// holds uppercase letters. Reads the bytes in place (on every request's path).
    private static func check(_ text: inout String) -> Bool? {
        text.withUTF8 { bytes -> Bool? in
            guard bytes.count == 36 else { return nil }
            var hasUppercase = false
            for index in 0..<36 {
                let byte = bytes[index]
                switch index {
                case 8, 13, 18, 23:
                    if byte != UInt8(ascii: "-") { return nil }
                default:
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): break
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): hasUppercase = true
                    default: return nil
                    }
                }
            }
            return hasUppercase
        }
    }
}

/// Makes the raw values of new identifiers; injected so that tests can make predictable ones.
public protocol IdentifierGenerator: Sendable {
    /// A new lowercase UUID string.
    func makeRawIdentifier() -> String
}

/// Random (version 4) UUIDs from the system's secure generator.
public struct RandomIdentifierGenerator: IdentifierGenerator {
    /// Creates the generator.
    public init() {}

    /// A random (version 4) UUID in lower case, written directly: `UUID().uuidString.lowercased()`
    /// made two strings and cost 1.4 % of a draft save's CPU.
    public func makeRawIdentifier() -> String {
        var random = SystemRandomNumberGenerator()
        let high = (random.next() as UInt64) & ~0xF000 | 0x4000  // version 4
        let low = (random.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // variant 1
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            for (word, from) in [(high, 0), (low, 16)] {
                for nibble in 0..<16 {
                    let index = from + nibble
                    if index == 8 || index == 12 || index == 16 || index == 20 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = digits.utf8Start[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)]
                    position += 1
                }
            }
            return position
        }
    }
}
