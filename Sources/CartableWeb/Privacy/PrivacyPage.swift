import CartableCore
import Foundation

/// The privacy page.
struct PrivacyPage {
    var paragraphs: [String]
    var editHref: String?

    /// The school's text, else the platform's, else the built-in one (which names the security log's period).
    init(schoolText: String?, platformText: String?, securityLogDays: Int, editHref: String?, t: Localizer) {
        if let text = schoolText ?? platformText, !text.isEmpty {
            paragraphs = Self.paragraphs(text)
        } else {
            let days = ["days": String(securityLogDays)]
            paragraphs = ["privacyWhat", "privacyWhy", "privacyHowLong", "privacyWho", "privacyAsk"].map { t($0, days) }
        }
        self.editHref = editHref
    }

    /// Paragraphs of a plain text: separated by blank lines, inner line breaks kept as spaces.
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").joined(separator: " ").trimmingWhitespace() }
            .filter { !$0.isEmpty }
    }
}
