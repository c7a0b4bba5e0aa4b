import Foundation

/// A school, identified nationally by its UAI code (e.g. `0750001A`). Every row belongs to one.
public struct School: Hashable, Sendable, Codable {
    /// The school's identifier.
    public typealias ID = Identifier<School>

    /// The identifier.
    public var id: ID
    /// The national code (unité administrative immatriculée): seven digits and a letter.
    public var uai: String
    /// The name people know it by.
    public var name: String
    /// The zone its days are counted in (`Europe/Paris` in mainland France).
    public var timeZoneIdentifier: String

    /// Creates a school.
    public init(id: ID, uai: String, name: String, timeZoneIdentifier: String = "Europe/Paris") {
        self.id = id
        self.uai = uai
        self.name = name
        self.timeZoneIdentifier = timeZoneIdentifier
    }

    /// The zone, falling back to Paris if the stored name is unknown to the system.
    public var timeZone: TimeZone {
        TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: "Europe/Paris") ?? .gmt
    }

    /// Today in the school's zone.
    public func today(at instant: Date) -> LocalDate {
        LocalDate(containing: instant, in: timeZone)
    }

    /// Whether `text` has the shape of a UAI code: seven digits then a letter.
    public static func isValidUAI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 8 else { return false }
        let digits = bytes[0..<7].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let letter = bytes[7] >= UInt8(ascii: "A") && bytes[7] <= UInt8(ascii: "Z")
        return digits && letter
    }
}
