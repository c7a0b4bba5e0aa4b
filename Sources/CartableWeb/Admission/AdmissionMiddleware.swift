import CartableCore
import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore

/// Admission at the door: a request runs if the node has a slot for it, in order of criticality;
/// otherwise the person gets the waiting room (a page of a few hundred bytes with their place, an
/// estimate and an automatic retry with jitter that keeps the place) and the API gets 503 with
/// `Retry-After`. Never a reset connection, never a "too many connections" dead end.
///
/// One instance per group of routes (pages, API), sharing one controller and one waiting room; static
/// files, the service worker, health checks and metrics are served from memory, outside both groups,
/// and never wait.
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let controller: AdmissionController
    let room: WaitingRoom
    let configuration: AppConfiguration
    /// The application's clock: admission, release and the room are timed on this one clock.
    let clock: any WallClock
    /// Draws the retry jitter (pinned by tests).
    let random: any RandomSource
    /// Whether it guards the API's group: the waiting room is then a JSON 503, not a page.
    let isAPI: Bool
    /// Where the waiting room's episodes and people's attempts are noted.
    var signals: NodeSignals? = nil

    static let ticketCookie = "cartable_ticket"
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let now = clock.now()
        let criticality = Self.classify(request, context: context, guardianHours: configuration.guardianHours, now: now)
        let ticket = CookieHeader(request)[Self.ticketCookie].flatMap { room.decode(String($0), at: now) }
        let decision = await controller.acquire(criticality, ticket: ticket?.rank ?? .max, at: now)
        Observability.admission(controller)
        guard decision == .admitted else {
            signals?.note(.waitingRoom, person: context.viewer?.user.id)
            signals?.attempt(.waitingRoom, by: context.viewer, at: now)
            return waitingRoom(request, context: context, criticality: criticality, ticket: ticket ?? room.issue(at: now), now: now)
        }
        defer { controller.release(criticality, at: clock.now()) }
        signals?.attempt(.request, by: context.viewer, at: now)
        var response = try await next(request, context)
        if let ticket {
            room.served(ticket, at: now)
            response.setCookie(Cookie(name: Self.ticketCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Writes first, then signed-in pupils, teachers and staff, then sign-ins, then guardians during school hours, then anyone.
    static func classify(_ request: Request, context: Context, guardianHours: Range<Int>?, now: Date) -> Criticality {
        let path = request.uri.path
        if path == IdentityRoutes.signIn.href || path == IdentityRoutes.API.sessions.href { return .signIn }
        guard let viewer = context.viewer else { return .anonymous }
        // A live stream is a comfort, never worth a slot someone reading or writing needs: it goes last.
        if path == LiveRoutes.events.href { return .anonymous }
        if request.method != .get && request.method != .head { return .write }
        if viewer.role == .guardian, let hours = guardianHours {
            let zone = viewer.school.timeZone
            let seconds = Int(now.timeIntervalSince1970) + zone.secondsFromGMT(for: now)
            let hour = ((seconds % 86_400) + 86_400) % 86_400 / 3_600
            if hours.contains(hour) { return .guardian }
        }
        return .member
    }

    private func waitingRoom(
        _ request: Request, context: Context, criticality: Criticality, ticket: WaitingRoom.Ticket, now: Date
    ) -> Response {
        Observability.waitingRoomServed(criticality)
        let place = room.place(of: ticket)
        let estimate = max(1, Double(place) / (room.pace(at: now) ?? controller.throughput(at: now)))
        // Everyone retries at a slightly different moment, so the room does not come back as one wave.
        let retry = Int(min(60, max(2, estimate * random.number(in: 0.8...1.2))).rounded())
        let t = context.localizer
        let values = ["place": t.number(place), "seconds": t.number(Int(estimate.rounded(.up)))]
        var headers: HTTPFields = [.retryAfter: String(retry), .cacheControl: "no-store"]
        if isAPI {
            headers[.contentType] = "application/json; charset=utf-8"
            let body = Busy(error: .init(code: "busy", message: t("waitingRoomAPI", values), place: place, estimatedWait: Int(estimate.rounded(.up))))
            let data = (try? JSON.encoder.encode(body)) ?? Data()
            return Response(status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let html = """
            <!doctype html><html lang="\(t.language.rawValue)"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">\
            <meta http-equiv="refresh" content="\(retry)"><title>Cartable</title><h1>\(t("waitingRoomTitle"))</h1>\
            <p id="place">\(t("waitingRoomPlace", values))</p><p>\(t("waitingRoomKeep"))</p></html>
            """
        var response = Response(status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.setCookie(
            Cookie(
                name: Self.ticketCookie, value: room.encode(ticket), maxAge: Int(room.lifetime), path: "/", secure: context.isSecure,
                httpOnly: true, sameSite: .lax))
        return response
    }

    struct Busy: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var place: Int
            var estimatedWait: Int
        }

        var error: Detail
    }
}

extension Observability {
    static let admissionLimit = Gauge(label: "cartable_admission_limit")
    static let admissionInFlight = Gauge(label: "cartable_admission_in_flight")
    static let admissionWaiting = Gauge(label: "cartable_admission_waiting")

    /// Records the controller's state.
    static func admission(_ controller: AdmissionController) {
        let load = controller.load
        admissionLimit.record(controller.limit)
        admissionInFlight.record(load.inFlight)
        admissionWaiting.record(load.waiting)
    }

    private static let waitingRoomAnswers = Dictionary(
        uniqueKeysWithValues: Criticality.allCases.map {
            ($0, Counter(label: "cartable_waiting_room_total", dimensions: [("criticality", $0.name)]))
        })

    /// Counts a waiting-room answer.
    static func waitingRoomServed(_ criticality: Criticality) {
        waitingRoomAnswers[criticality]?.increment()
    }
}
