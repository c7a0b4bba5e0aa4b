import CartableCore
import Foundation

/// How values read from an export are cleaned and checked, the same for every kind of file.
enum ImportText {
    /// The longest value a name, id or code may have; longer is a ``SchoolRecords/LineProblem/Kind/badValue(field:value:)``.
    static let maximumLength = 100

    /// `text` trimmed, with control characters removed and inner runs of whitespace collapsed to one space.
    /// Case is kept: SIECLE writes last names in capitals, and they stay so.
    static func cleaned(_ text: String) -> String {
        let clean = TextRules.clean(text)
        guard clean.contains(where: { $0.isWhitespace && $0 != " " }) || clean.contains("  ") else { return clean }
        return clean.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` is too long to be a name, id or code.
    static func isTooLong(_ text: String) -> Bool {
        text.count > maximumLength
    }

    /// A value shown in a problem, cut so that a huge field does not make a huge problem.
    static func shown(_ text: String) -> String {
        text.count > maximumLength + 20 ? String(text.prefix(maximumLength)) + "…" : text
    }

    /// `text` trimmed when it looks like an e-mail address (one `@`, something before it, and a dot after it), else `nil`.
    static func email(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !trimmed.contains(where: \.isWhitespace)
        else { return nil }
        return trimmed
    }

    /// A date written `dd/mm/yyyy` (SIECLE, CSV) or `yyyy-mm-dd` (STS-web, CSV); `nil` for anything else or a day that does not exist.
    static func date(_ text: String) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return nil }
        if bytes[4] == UInt8(ascii: "-") { return LocalDate(iso: text) }
        guard bytes[2] == UInt8(ascii: "/"), bytes[5] == UInt8(ascii: "/") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let day = number(0..<2), let month = number(3..<5), let year = number(6..<10) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
