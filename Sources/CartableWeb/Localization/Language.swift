import Foundation
import Synchronization

/// The interface's languages: French first, English second.
public enum Language: String, Sendable, CaseIterable, Codable {
    /// Français (the default).
    case fr
    /// English.
    case en

    /// The language's own name, shown on the button that switches to it.
    public var nativeName: String {
        switch self {
        case .fr: "Français"
        case .en: "English"
        }
    }

    /// The other language, for the switch in the footer.
    public var other: Language { self == .fr ? .en : .fr }

    /// Picks a language from an `Accept-Language` header; French unless English is preferred to it.
    public static func preferred(byAcceptLanguage header: String?) -> Language {
        guard let header else { return .fr }
        // Browsers send a handful of different headers: each is parsed once (at most 256 remembered).
        if let known = preferences.withLock({ $0[header] }) { return known }
        let language = parse(header)
        preferences.withLock { known in
            if known.count >= 256 { known.removeAll() }
            known[header] = language
        }
        return language
    }

    private static let preferences = Mutex<[String: Language]>([:])

    private static func parse(_ header: String) -> Language {
        var best: (language: Language, weight: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() {
                let trimmed = parameter.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("q="), let value = Double(trimmed.dropFirst(2)) { weight = value }
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = Language(rawValue: primary), weight > 0 else { continue }
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language ?? .fr
    }
}
