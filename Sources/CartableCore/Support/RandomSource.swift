/// Draws random numbers where a test may want to pin them (the waiting room's retry jitter).
/// Injected like the clock; secrets (session tokens, recovery codes) use the system's generator directly.
public protocol RandomSource: Sendable {
    /// A number drawn uniformly from `range`.
    func number(in range: ClosedRange<Double>) -> Double
}

/// The system's generator.
public struct SystemRandomSource: RandomSource {
    /// Creates the source.
    public init() {}

    /// A number drawn uniformly from `range` by the system's generator.
    public func number(in range: ClosedRange<Double>) -> Double { Double.random(in: range) }
}
