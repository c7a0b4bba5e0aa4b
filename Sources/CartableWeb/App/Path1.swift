import Hummingbird

/// A path with one typed parameter, `/entries/:entryID`, declared once in its feature's `…Routes`.
public struct Path1<Value: PathParameter>: DeclaredPath {
    /// The declaration.
    public let template: PathTemplate

    /// Declares `text`, which has exactly one `:parameter`.
    public init(_ text: String) {
        self.template = PathTemplate(text, parameters: 1)
    }

    /// The link to `value`.
    public func href(_ value: Value) -> String {
        template.print([value.pathSegment])
    }

    /// The value in a routed request, or `nil` when the segment is malformed.
    func value(in context: some RequestContext) -> Value? {
        template.value(0, in: context).flatMap(Value.init(pathSegment:))
    }
}
