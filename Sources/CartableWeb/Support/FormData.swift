import Foundation
import Hummingbird
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body, or of a query string.
///
/// Kept as lists because checkboxes and repeated inputs send one name several times.
public struct FormData: Sendable {
    private var fields: [String: [String]] = [:]

    /// Parses `a=1&b=2&b=3`; `+` means a space.
    public init(encoded text: some StringProtocol) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first else { continue }
            let name = Self.decode(rawName)
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    /// Fields already decoded (from a multipart form), in order.
    public init(pairs: [(String, String)]) {
        for (name, value) in pairs { fields[name, default: []].append(value) }
    }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? { fields[name]?.first }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    private static func decode(_ text: some StringProtocol) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// Reads the body as a form, refusing bodies over `limit` bytes with 413.
    public mutating func formData(limit: Int) async throws -> FormData {
        let buffer = try await collectBody(upTo: limit)
        return FormData(encoded: String(buffer: buffer))
    }

    /// The query string's fields.
    public var queryData: FormData { FormData(encoded: uri.query ?? "") }
}
