import Foundation

/// A time on the clock of the school's zone, to the minute: when a course starts or ends.
///
/// Stored as minutes since midnight; written `HH:MM` (`08:05`), which sorts like the times it names.
public struct TimeOfDay: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since midnight, 0…1439.
    public let minutes: Int

    /// Creates a time from minutes since midnight; `nil` outside one day.
    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Minutes since midnight of `instant` on the clock of `zone` (what the live window and the day's courses compare with).
    public static func minute(of instant: Date, in zone: TimeZone) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        return (((seconds % 86_400) + 86_400) % 86_400) / 60
    }

    /// Creates a time from hours and minutes; `nil` if they do not name a time of day.
    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` or `H:MM` (and `HHhMM` or `HHh`, as people write it in France); `nil` for anything else.
    public init?(text: some StringProtocol) {
        var string = String(text)
        if string.hasSuffix("h") || string.hasSuffix("H") { string += "00" }
        let parts = string.split(whereSeparator: { $0 == ":" || $0 == "h" || $0 == "H" }).map(String.init)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// The hour, 0…23.
    public var hour: Int { minutes / 60 }
    /// The minute, 0…59.
    public var minute: Int { minutes % 60 }

    /// `HH:MM`.
    public var text: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public var description: String { text }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = TimeOfDay(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time HH:MM: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
