/// Any declared path, whatever its parameters: what a feature lists in its `all`, so that a test can send every
/// route through the router and the OpenAPI test can compare the API with its document.
public protocol DeclaredPath: Sendable {
    /// The declaration.
    var template: PathTemplate { get }
}
