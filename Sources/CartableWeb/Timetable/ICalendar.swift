import CartableCore
import Foundation

/// Writes an iCalendar document (RFC 5545): a calendar of events, lines ended by CRLF, text escaped, long
/// lines folded at 75 octets without cutting a UTF-8 sequence.
///
/// Times are local to the school with `TZID` when its zone is Europe/Paris (the document then carries the
/// zone's rules as a `VTIMEZONE`), in UTC otherwise, so that every calendar app reads them the same.
struct ICalendar {
    /// One event.
    struct Event {
        enum When {
            /// From `start` to `end` on `day`, in the school's zone.
            case timed(day: LocalDate, start: TimeOfDay, end: TimeOfDay)
            /// The whole of `day` (homework on its due date).
            case allDay(LocalDate)
        }

        var uid: String
        var when: When
        var summary: String
        var location: String = ""
        var description: String = ""
        var isCancelled: Bool = false
    }

    var name: String
    var timeZone: TimeZone
    var stamp: Date
    var events: [Event] = []

    /// The document's text.
    var text: String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cartable//Emploi du temps//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.escape(name))", "X-WR-TIMEZONE:\(timeZone.identifier)",
        ]
        let isParis = timeZone.identifier == "Europe/Paris"
        if isParis { lines += Self.parisZone }
        let stampText = Self.utc(stamp)
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:\(Self.escape(event.uid))", "DTSTAMP:\(stampText)"]
            switch event.when {
            case .timed(let day, let start, let end):
                if isParis {
                    lines.append("DTSTART;TZID=Europe/Paris:\(Self.local(day, start))")
                    lines.append("DTEND;TZID=Europe/Paris:\(Self.local(day, end))")
                } else {
                    lines.append("DTSTART:\(Self.utc(day.instant(atMinute: start.minutes, in: timeZone)))")
                    lines.append("DTEND:\(Self.utc(day.instant(atMinute: end.minutes, in: timeZone)))")
                }
            case .allDay(let day):
                lines.append("DTSTART;VALUE=DATE:\(Self.compact(day))")
                lines.append("DTEND;VALUE=DATE:\(Self.compact(day.adding(days: 1)))")
                lines.append("TRANSP:TRANSPARENT")
            }
            lines.append("SUMMARY:\(Self.escape(event.summary))")
            if !event.location.isEmpty { lines.append("LOCATION:\(Self.escape(event.location))") }
            if !event.description.isEmpty { lines.append("DESCRIPTION:\(Self.escape(event.description))") }
            lines.append(event.isCancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Europe/Paris's rules since 1996: CEST from the last Sunday of March at 2:00, CET from the last Sunday of October at 3:00.
    static let parisZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// Text with `\`, `;`, `,` and line breaks escaped (RFC 5545 §3.3.11); other control characters dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A content line folded into lines of at most 75 octets, each continuation starting with a space.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var size = 0
        for character in line {
            let length = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if size + length > limit {
                parts.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += length
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    static func compact(_ day: LocalDate) -> String { day.iso.replacingOccurrences(of: "-", with: "") }

    static func local(_ day: LocalDate, _ time: TimeOfDay) -> String {
        compact(day) + "T" + time.text.replacingOccurrences(of: ":", with: "") + "00"
    }

    static func utc(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let within = seconds - day.dayNumber * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(compact(day))T\(two(within / 3600))\(two(within / 60 % 60))\(two(within % 60))Z"
    }
}
