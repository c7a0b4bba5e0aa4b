import Hummingbird

/// A path with two typed parameters, `/work/:assignmentID/pupils/:pupilID`, declared once in its feature's `…Routes`.
public struct Path2<First: PathParameter, Second: PathParameter>: DeclaredPath {
    /// The declaration.
    public let template: PathTemplate

    /// Declares `text`, which has exactly two `:parameter`s.
    public init(_ text: String) {
        self.template = PathTemplate(text, parameters: 2)
    }

    /// The link to `first` and `second`.
    public func href(_ first: First, _ second: Second) -> String {
        template.print([first.pathSegment, second.pathSegment])
    }

    /// The values in a routed request, or `nil` when a segment is malformed.
    func values(in context: some RequestContext) -> (First, Second)? {
        guard let first = template.value(0, in: context).flatMap(First.init(pathSegment:)),
            let second = template.value(1, in: context).flatMap(Second.init(pathSegment:))
        else { return nil }
        return (first, second)
    }
}
