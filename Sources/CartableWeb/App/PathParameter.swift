import CartableCore

/// A value one segment of a path carries: a typed id.
///
/// Reading is strict: a segment that is not a well-formed value is `nil`, and the router answers as for an id that
/// does not exist.
public protocol PathParameter: Sendable {
    /// Parses the segment, or `nil`.
    init?(pathSegment: String)
    /// The segment to print (before escaping).
    var pathSegment: String { get }
}

extension Identifier: PathParameter {
    /// Parses a typed id from its segment (a UUID, any case).
    public init?(pathSegment: String) { self.init(validating: pathSegment) }

    /// The lowercase UUID.
    public var pathSegment: String { rawValue }
}
