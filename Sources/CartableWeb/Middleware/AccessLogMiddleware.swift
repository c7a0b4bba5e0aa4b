import Hummingbird
import Logging
import NIOCore

/// One log line per request: method, path (never the query, which may hold names), status and time taken.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = NIODeadline.now()
        do {
            let response = try await next(request, context)
            log(request, context: context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context: context, status: Int(status), start: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, start: NIODeadline) {
        let elapsed = Double((NIODeadline.now() - start).nanoseconds) / 1_000_000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\((elapsed * 10).rounded() / 10)",
            ])
    }
}
