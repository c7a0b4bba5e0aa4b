import Hummingbird

/// A path with no parameter, `/classes`, declared once in its feature's `…Routes`.
public struct Path: DeclaredPath {
    /// The declaration.
    public let template: PathTemplate

    /// Declares `text`, which has no `:parameter`.
    public init(_ text: String) {
        self.template = PathTemplate(text, parameters: 0)
    }

    /// The link.
    public var href: String { template.text }

    /// The link with a query: pairs whose value is `nil` or empty are left out, values are percent-escaped.
    public func href(query items: KeyValuePairs<String, String?>) -> String {
        href + Self.query(items)
    }

    /// `?key=value&…` for the pairs with a value (percent-escaped), or nothing.
    static func query(_ items: KeyValuePairs<String, String?>) -> String {
        let parts = items.compactMap { key, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(key)=\(PathTemplate.escape(value))"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
