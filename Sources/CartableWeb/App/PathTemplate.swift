import Foundation
import Hummingbird

/// The text of one path, written once: `/entries/:entryID/edit`.
///
/// It gives the router's pattern, the names of its parameters (the same names the OpenAPI document uses), a printer
/// that puts values in their places, and the reading of those values back from a routed request. ``Path``,
/// ``Path1`` and ``Path2`` wrap it with the types of their parameters.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The path as declared, a `:name` for each parameter.
    public let text: String
    /// The names of the parameters, in order.
    public let parameterNames: [String]

    /// Declares a path with `count` parameters; a mismatch is a programmer's mistake, found when the declaration is first used.
    init(_ text: String, parameters count: Int) {
        let names = text.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        precondition(text.hasPrefix("/") && !text.contains("?"), "\(text): a path starts with / and has no query")
        precondition(names.count == count, "\(text) has \(names.count) parameters, its declaration \(count)")
        self.text = text
        self.parameterNames = names
    }

    public var description: String { text }

    /// The router's pattern.
    public var pattern: RouterPath { RouterPath(text) }

    /// The path with `values` (already printed) in place of the parameters, each percent-escaped.
    func print(_ values: [String]) -> String {
        var remaining = values[...]
        let segments = text.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return String(segment) }
            return value.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? ""
        }
        return segments.joined(separator: "/")
    }

    /// The text of parameter `index` in a routed request (the one place a parameter is read by its name).
    func value(_ index: Int, in context: some RequestContext) -> String? {
        context.parameters.get(parameterNames[index])
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    private static let segmentCharacters = unreserved.subtracting(CharacterSet(charactersIn: "/"))

    /// Percent-escapes everything but unreserved characters and `/`, for query values.
    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
