import CartableCore
import Foundation

/// An instant written `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds, fractions dropped), as
/// `JSONEncoder`'s `.iso8601` strategy writes it, by arithmetic on the seconds since 1970 (the day
/// from ``LocalDate``'s calendar arithmetic).
struct UTCSeconds: CustomStringConvertible, Sendable {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    var description: String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let day = secondOfDay < 0 ? LocalDate(dayNumber: days - 1) : LocalDate(dayNumber: days)
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        return "\(day.iso)T\(Self.twoDigits(second / 3_600)):\(Self.twoDigits(second / 60 % 60)):\(Self.twoDigits(second % 60))Z"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
