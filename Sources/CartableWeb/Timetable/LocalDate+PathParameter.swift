import CartableCore

extension LocalDate: PathParameter {
    /// Parses `YYYY-MM-DD` (a real day only).
    public init?(pathSegment: String) { self.init(iso: pathSegment) }

    /// `YYYY-MM-DD`.
    public var pathSegment: String { iso }
}
