import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging
import NIOHTTP1

/// The one place where failures become responses: an HTML page in the reader's language for pages,
/// a JSON body for the API. Unexpected errors are logged and answered 500 without detail.
///
/// Each group of routes (pages, API) installs it twice, with its format: inside the session
/// middleware, so that error pages keep the person's menu and the session's cookies still reach the
/// browser; and outside it, for failures while finding the session (the database being down), where
/// nobody is known yet. The router itself has one more, for requests no route matches, which answers
/// in the format the client asks for (`Accept`).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// How errors are answered.
    enum Format: Sendable {
        /// An HTML page (the pages' group).
        case page
        /// A JSON body (the API's group).
        case json
        /// A page if the client accepts HTML (a browser), else JSON: for requests no route matches.
        case asAccepted
    }

    let views: ViewRenderer
    let format: Format
    /// Whether the session middleware has run before this one (the inner instance).
    let knowsSession: Bool
    /// Where an episode of the database away, and the person it turned away, are noted.
    var signals: NodeSignals? = nil

    /// How an error is presented.
    struct Presentation {
        var status: HTTPResponse.Status
        var code: String
        var titleKey: String
        var messageKey: String
        var issues: ValidationError?
        var headers: HTTPFields = [:]
        var messageValues: [String: String] = [:]
        var currentRevision: Int64?
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let isAPI: Bool
            switch format {
            case .page: isAPI = false
            case .json: isAPI = true
            case .asAccepted: isAPI = !(request.headers[.accept] ?? "").lowercased().contains("text/html")
            }
            if error is AuthenticationRequired && !isAPI {
                let next = request.method == .get ? request.uri.description : nil
                return Response(status: .seeOther, headers: [.location: Route.signIn(next: Route.safeLocalPath(next)).href])
            }
            let presentation = Self.present(error, context: context)
            if presentation.code == "unavailable" {
                signals?.note(.database, person: context.viewer?.user.id)
                signals?.attempt(.unavailable, by: context.viewer)
            }
            if presentation.status == .serviceUnavailable {
                // The database or the virus scanner away: expected, answered calmly, not a bug.
                context.logger.warning(
                    "\(presentation.code == "unavailable" ? "database" : "virus scanner") unavailable", metadata: ["error": "\(error)"])
            } else if presentation.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            let language = knowsSession ? context.language : Cookies.language(of: request)
            let t = Localizer(language)
            if isAPI {
                let fields = presentation.issues.map { issues in
                    issues.issues.map { APIErrorBody.Field(field: $0.field, message: t.problem($0.problem)) }
                }
                let body = APIErrorBody(
                    error: .init(
                        code: presentation.code, message: t(presentation.messageKey, presentation.messageValues), fields: fields,
                        currentRevision: presentation.currentRevision))
                return try JSON.response(body, status: presentation.status, headers: presentation.headers)
            }
            var pageContext = context
            pageContext.language = language
            if !knowsSession {
                pageContext.viewer = nil
                pageContext.csrfToken = ""
            }
            let content = ErrorPage(
                heading: t(presentation.titleKey), message: t(presentation.messageKey, presentation.messageValues),
                issues: presentation.issues.map { $0.issues.map { t.problem($0.problem) } } ?? [],
                retry: presentation.status == .serviceUnavailable, backHref: Route.home.href, backLabel: t("backHome"))
            let layout = LayoutModel.make(
                title: content.heading, section: .none, context: pageContext, stylesheet: views.stylesheet.path, path: "/",
                script: views.script.path)
            var response = views.page(.error, content: content, layout: layout, localizer: t, status: presentation.status)
            for field in presentation.headers { response.headers.append(field) }
            return response
        }
    }

    static func present(_ error: any Error, context: Context) -> Presentation {
        switch error {
        case is NotFound:
            return Presentation(status: .notFound, code: "not_found", titleKey: "errorNotFoundTitle", messageKey: "errorNotFound")
        case is AuthenticationRequired:
            return Presentation(
                status: .unauthorized, code: "sign_in_required", titleKey: "signInTitle", messageKey: "errorSignInRequired")
        case let error as TwoFactorNeeded:
            return error.isSetUp
                ? Presentation(status: .forbidden, code: "two_factor_setup_required", titleKey: "signInTitle", messageKey: "errorTwoFactorSetUp")
                : Presentation(status: .unauthorized, code: "two_factor_required", titleKey: "signInTitle", messageKey: "errorTwoFactorCode")
        case is SignInRefused:
            return Presentation(status: .unauthorized, code: "sign_in_failed", titleKey: "signInTitle", messageKey: "errorSignInFailed")
        case is CSRFRejected:
            return Presentation(status: .forbidden, code: "forbidden", titleKey: "errorExpiredTitle", messageKey: "errorExpired")
        case is ScannerUnavailable:
            return Presentation(
                status: .serviceUnavailable, code: "scanner_unavailable", titleKey: "errorUnavailableTitle", messageKey: "errorScannerUnavailable",
                headers: [.retryAfter: "60"])
        case is HTTPParserError:
            // A broken chunk, a body cut short by the client: the client's fault, nothing was read.
            return Presentation(status: .badRequest, code: "bad_request", titleKey: "errorInvalidTitle", messageKey: "errorBrokenRequest")
        case is BadJSON:
            return Presentation(status: .badRequest, code: "bad_request", titleKey: "errorInvalidTitle", messageKey: "errorBadJSON")
        case let error as ValidationError:
            return Presentation(
                status: .unprocessableContent, code: "validation_failed", titleKey: "errorInvalidTitle", messageKey: "errorInvalid",
                issues: error)
        case StoreError.unavailable:
            return Presentation(
                status: .serviceUnavailable, code: "unavailable", titleKey: "errorUnavailableTitle", messageKey: "errorUnavailable",
                headers: [.retryAfter: "5"])
        case let error as Conflict:
            switch error.reason {
            case .staleRevision(let current):
                return Presentation(
                    status: .conflict, code: "stale_revision", titleKey: "errorConflictTitle", messageKey: "errorStaleRevision",
                    currentRevision: current)
            case .alreadyHandedIn:
                return Presentation(status: .conflict, code: "already_handed_in", titleKey: "errorConflictTitle", messageKey: "errorAlreadyHandedIn")
            case .notHandedIn:
                return Presentation(status: .conflict, code: "not_handed_in", titleKey: "errorConflictTitle", messageKey: "errorNotHandedIn")
            case .workStarted:
                return Presentation(status: .conflict, code: "work_started", titleKey: "errorConflictTitle", messageKey: "entryHasWork")
            }
        case let error as TooManyRequests:
            return Presentation(
                status: .tooManyRequests, code: "too_many_requests", titleKey: "errorTooManyTitle",
                messageKey: error.isSignIn ? "errorTooManySignIns" : "errorTooMany", headers: [.retryAfter: String(error.retryAfter)],
                messageValues: ["seconds": String(error.retryAfter)])
        case let error as BlobTooLarge:
            return Presentation(
                status: .contentTooLarge, code: "file_too_large", titleKey: "errorTooLargeTitle", messageKey: "errorFileTooLarge",
                messageValues: ["max": Localizer(context.language).bytes(error.limit)])
        case StoreError.duplicate:
            return Presentation(status: .conflict, code: "duplicate", titleKey: "errorInvalidTitle", messageKey: "errorDuplicate")
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound:
                return Presentation(status: .notFound, code: "not_found", titleKey: "errorNotFoundTitle", messageKey: "errorNotFound")
            case .contentTooLarge:
                return Presentation(status: .contentTooLarge, code: "too_large", titleKey: "errorTooLargeTitle", messageKey: "errorTooLarge")
            case .methodNotAllowed:
                return Presentation(status: .methodNotAllowed, code: "method_not_allowed", titleKey: "errorMethodTitle", messageKey: "errorMethod")
            case .badRequest:
                return Presentation(status: .badRequest, code: "bad_request", titleKey: "errorInvalidTitle", messageKey: "errorInvalid")
            default:
                return Presentation(status: error.status, code: "error", titleKey: "errorServerTitle", messageKey: "errorServer")
            }
        default:
            return Presentation(status: .internalServerError, code: "server_error", titleKey: "errorServerTitle", messageKey: "errorServer")
        }
    }
}
