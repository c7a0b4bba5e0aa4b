import Foundation

/// Rules shared by every text field: trimming, line endings, characters no one types on purpose.
public enum TextRules {
    /// `text` as a search compares it: lowercase, without accents ("Élection" and "election" are one word).
    public static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
    }

    /// Trims surrounding whitespace, turns CR LF into LF, and removes control characters other
    /// than line feeds and tabs (a NUL byte cannot be stored in PostgreSQL text).
    /// With `trim: false` the surrounding whitespace stays (a draft keeps its last newline while the pupil types).
    public static func clean(_ text: String?, multiline: Bool = false, trim: Bool = true) -> String {
        guard let text else { return "" }
        // Usual text (no control character, no line break or tab to turn into a space): kept as it is.
        if !needsCleaning(text, multiline: multiline) { return trim ? text.trimmingWhitespace() : text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r":
                if multiline { scalars.append("\n") } else { scalars.append(" ") }
            case "\n":
                if previousWasCR { continue }
                scalars.append(multiline ? "\n" : " ")
            case "\t":
                scalars.append(multiline ? "\t" : " ")
            default:
                if scalar.properties.generalCategory == .control { continue }
                scalars.append(scalar)
            }
        }
        return trim ? String(scalars).trimmingWhitespace() : String(scalars)
    }

    /// Whether `clean` would change anything but the ends of `text`: C0 and C1 control characters
    /// (U+0000–U+001F, U+007F–U+009F, the latter encoded `C2 80`–`C2 9F`), and line breaks and tabs
    /// in single-line text. Reads the UTF-8 bytes.
    private static func needsCleaning(_ text: String, multiline: Bool) -> Bool {
        var afterC2 = false
        for byte in text.utf8 {
            if afterC2 && byte < 0xA0 { return true }
            afterC2 = byte == 0xC2
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"):
                if !multiline { return true }
            case 0x00..<0x20, 0x7F:
                return true
            default:
                break
            }
        }
        return false
    }

    /// Whether `text` is a web address we accept as a link: http or https, a host, no spaces.
    public static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix("."), !host.hasPrefix("@") else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}

extension String {
    /// The string without leading and trailing whitespace or newlines.
    public func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
