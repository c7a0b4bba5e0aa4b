import CartableCore
import Hummingbird

/// Routes registered from their declarations, so that handlers receive typed ids and never read a parameter by name.
///
/// A malformed id answers as a well-formed unknown one does: every route with an id is for signed-in people, so
/// someone not signed in is asked to (``AuthenticationRequired``) and anyone else gets ``NotFound`` (404).
extension RouterMethods where Context == AppRequestContext {
    /// `GET` on a path without parameters.
    @discardableResult func get(_ path: Path, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(path.template.pattern, method: .get, use: handler)
    }

    /// `POST` on a path without parameters.
    @discardableResult func post(_ path: Path, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(path.template.pattern, method: .post, use: handler)
    }

    /// `PUT` on a path without parameters.
    @discardableResult func put(_ path: Path, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(path.template.pattern, method: .put, use: handler)
    }

    /// `DELETE` on a path without parameters.
    @discardableResult func delete(_ path: Path, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(path.template.pattern, method: .delete, use: handler)
    }

    /// `method` on a path with one parameter; the handler gets its typed value.
    @discardableResult func on<Value>(
        _ path: Path1<Value>, method: HTTPRequest.Method, use handler: @escaping @Sendable (Request, Context, Value) async throws -> Response
    ) -> Self {
        on(path.template.pattern, method: method) { request, context in
            guard let value = path.value(in: context) else { throw Self.malformed(context) }
            return try await handler(request, context, value)
        }
    }

    /// `GET` on a path with one parameter.
    @discardableResult func get<Value>(_ path: Path1<Value>, use handler: @escaping @Sendable (Request, Context, Value) async throws -> Response)
        -> Self
    {
        on(path, method: .get, use: handler)
    }

    /// `POST` on a path with one parameter.
    @discardableResult func post<Value>(_ path: Path1<Value>, use handler: @escaping @Sendable (Request, Context, Value) async throws -> Response)
        -> Self
    {
        on(path, method: .post, use: handler)
    }

    /// `PUT` on a path with one parameter.
    @discardableResult func put<Value>(_ path: Path1<Value>, use handler: @escaping @Sendable (Request, Context, Value) async throws -> Response)
        -> Self
    {
        on(path, method: .put, use: handler)
    }

    /// `DELETE` on a path with one parameter.
    @discardableResult func delete<Value>(_ path: Path1<Value>, use handler: @escaping @Sendable (Request, Context, Value) async throws -> Response)
        -> Self
    {
        on(path, method: .delete, use: handler)
    }

    /// `method` on a path with two parameters; the handler gets their typed values.
    @discardableResult func on<First, Second>(
        _ path: Path2<First, Second>, method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context, First, Second) async throws -> Response
    ) -> Self {
        on(path.template.pattern, method: method) { request, context in
            guard let (first, second) = path.values(in: context) else { throw Self.malformed(context) }
            return try await handler(request, context, first, second)
        }
    }

    /// `GET` on a path with two parameters.
    @discardableResult func get<First, Second>(
        _ path: Path2<First, Second>, use handler: @escaping @Sendable (Request, Context, First, Second) async throws -> Response
    ) -> Self {
        on(path, method: .get, use: handler)
    }

    /// `POST` on a path with two parameters.
    @discardableResult func post<First, Second>(
        _ path: Path2<First, Second>, use handler: @escaping @Sendable (Request, Context, First, Second) async throws -> Response
    ) -> Self {
        on(path, method: .post, use: handler)
    }

    /// `DELETE` on a path with two parameters.
    @discardableResult func delete<First, Second>(
        _ path: Path2<First, Second>, use handler: @escaping @Sendable (Request, Context, First, Second) async throws -> Response
    ) -> Self {
        on(path, method: .delete, use: handler)
    }

    /// What a malformed id answers: as a well-formed unknown one would.
    private static func malformed(_ context: Context) -> any Error {
        context.viewer == nil ? AuthenticationRequired() : NotFound()
    }
}
