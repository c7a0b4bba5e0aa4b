import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import ServiceLifecycle

/// Live updates' paths.
enum LiveRoutes {
    /// The signed-in person's Server-Sent Events stream.
    static let events = Path("/events")
    /// The unread count, for a page whose stream said it changed without saying the count.
    static let unread = Path("/messages/unread")

    static let all: [any DeclaredPath] = [events, unread]
}

/// The event stream and the counter a page reads when the stream cannot say it.
struct LivePages: Sendable {
    let services: AppServices
    /// The node's admission: a stream is refused while anyone waits for a slot (streams are shed first).
    let admission: AdmissionController

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(LiveRoutes.events, use: events)
        router.get(LiveRoutes.unread, use: unread)
    }

    /// `{"unread": n}`, from memory when current.
    @Sendable func unread(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let count = try await services.unread.count(of: viewer.user.id, in: viewer.schoolID, store: services.storage.messages)
        var response = Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"])
        response.body = .init(byteBuffer: ByteBuffer(string: "{\"unread\":\(count)}"))
        return response
    }

    /// The stream: the current count first, then what changes for this person, a comment every
    /// ``LiveHeartbeat/interval`` so that proxies keep the connection. It holds no admission slot once open.
    @Sendable func events(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        let load = admission.load
        // The request itself holds a slot: anyone waiting, or every other slot taken, and streams step aside.
        if load.waiting > 0 || load.inFlight >= admission.limit {
            Observability.streamsShed.increment()
            let retry = Int(services.random.number(in: 20...60))
            var response = Response(
                status: .serviceUnavailable,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .retryAfter: String(retry)])
            response.body = .init(byteBuffer: ByteBuffer(string: "retry: \(retry * 1000)\n\n"))
            return response
        }
        let classes: Set<SchoolClass.ID>
        if let readable = services.policy.readableClassIDs(viewer) {
            classes = readable
        } else {
            classes = Set(try await services.storage.schools.classes(in: viewer.schoolID).map(\.id))
        }
        let count = try await services.unread.count(of: viewer.user.id, in: viewer.schoolID, store: services.storage.messages)
        // Guardians and teachers have quiet hours (pupils and staff do not): read once, when the stream opens.
        var quiet: QuietHours?
        if viewer.role == .guardian || viewer.role == .teacher {
            let saved = try await services.storage.notifications.settings(of: [viewer.user.id], in: viewer.schoolID)[viewer.user.id]
            quiet = (saved ?? NotificationSettings.defaults(for: viewer.user)).quiet
        }
        let (id, stream) = services.live.subscribe(viewer, readableClasses: classes, quiet: quiet)
        let hub = services.live
        let body = ResponseBody { writer in
            defer { hub.unsubscribe(id) }
            try await writer.write(ByteBuffer(string: "retry: 10000\n" + LiveEvent(name: "unread", data: String(count)).wire))
            // The server stopping ends the stream at once (clients come back to another node): without this its
            // graceful shutdown would wait for the next heartbeat to find each one.
            try await withGracefulShutdownHandler {
                for await event in stream {
                    try await writer.write(ByteBuffer(string: event.wire))
                }
            } onGracefulShutdown: {
                hub.unsubscribe(id)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
    }
}

/// One comment to every open stream every 25 seconds (one timer for all of them, none per stream), so that proxies
/// and phones keep the connections and a reader gone away is noticed.
struct LiveHeartbeat: Service {
    static let interval: Duration = .seconds(25)
    let hub: LiveHub

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: Self.interval)
                hub.broadcast(LiveEvent.heartbeat, schools: nil)
            }
        }
        // The node stops: every stream ends now (clients come back to another node), not at its next heartbeat.
        hub.closeAll()
    }
}
