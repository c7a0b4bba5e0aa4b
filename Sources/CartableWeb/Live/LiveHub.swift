import CartableCore
import CartableStore
import Foundation
import Synchronization

/// One thing that changed for someone, as a Server-Sent Event.
struct LiveEvent: Sendable, Hashable {
    /// The event's name: `unread` (`unread-quiet` in the person's quiet hours), `class`, `timetable`, `messaging`,
    /// `announcement`, `banner`.
    var name: String
    /// Its data (one line).
    var data: String

    /// The event on the wire (a comment for the heartbeat).
    var wire: String { name.isEmpty ? ": \(data)\n\n" : "event: \(name)\ndata: \(data)\n\n" }

    /// The comment that keeps a connection alive.
    static let heartbeat = LiveEvent(name: "", data: "ping")
}

/// The node's open event streams, and who hears of which change.
///
/// Nothing is kept per stream while it is idle but its entry here and its suspended writer: an event is handed
/// to a bounded `AsyncStream` (``bufferLimit`` events); a reader that falls that far behind is dropped (it
/// reconnects and reads its counters again). Who hears what is decided in memory from the viewer the stream was
/// opened with (their own box, the classes they read, their school), never with a query per stream.
final class LiveHub: Sendable {
    /// Events a stream may have waiting before it is dropped.
    static let bufferLimit = 16

    private struct Subscriber: Sendable {
        var userID: User.ID
        var schoolID: School.ID
        var classIDs: Set<SchoolClass.ID>
        /// The person's quiet hours, in their school's zone: then nothing is pushed to them (see ``quieted(_:)``).
        var quiet: QuietHours?
        var zone: TimeZone
        var continuation: AsyncStream<LiveEvent>.Continuation
    }

    private struct State {
        var nextID: UInt64 = 0
        var subscribers: [UInt64: Subscriber] = [:]
        var byUser: [User.ID: Set<UInt64>] = [:]
        var byClass: [SchoolClass.ID: Set<UInt64>] = [:]
        var bySchool: [School.ID: Set<UInt64>] = [:]
        var dropped = 0
    }

    private let state = Mutex(State())
    private let unread: UnreadCounts
    private let clock: any WallClock

    init(versions: ContentVersions, unread: UnreadCounts, clock: any WallClock) {
        self.unread = unread
        self.clock = clock
        versions.observe { [weak self] scope, _, count in self?.changed(scope, count: count) }
    }

    /// How many streams are open, and how many were dropped for reading too slowly.
    var counts: (open: Int, dropped: Int) { state.withLock { ($0.subscribers.count, $0.dropped) } }

    /// Opens a stream for `viewer`, who reads `readableClasses` (staff: every class of their school) and has `quiet`
    /// hours (or none): the events, and the id to close it with.
    func subscribe(_ viewer: Viewer, readableClasses: Set<SchoolClass.ID>, quiet: QuietHours? = nil) -> (UInt64, AsyncStream<LiveEvent>) {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingOldest(Self.bufferLimit))
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            let id = state.nextID
            state.subscribers[id] = Subscriber(
                userID: viewer.user.id, schoolID: viewer.schoolID, classIDs: readableClasses, quiet: quiet, zone: viewer.school.timeZone,
                continuation: continuation)
            state.byUser[viewer.user.id, default: []].insert(id)
            state.bySchool[viewer.schoolID, default: []].insert(id)
            for classID in readableClasses { state.byClass[classID, default: []].insert(id) }
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    /// Closes a stream (its reader went away, or was dropped).
    func unsubscribe(_ id: UInt64) {
        let subscriber = state.withLock { state -> Subscriber? in
            guard let subscriber = state.subscribers.removeValue(forKey: id) else { return nil }
            state.byUser[subscriber.userID]?.remove(id)
            if state.byUser[subscriber.userID]?.isEmpty == true { state.byUser[subscriber.userID] = nil }
            state.bySchool[subscriber.schoolID]?.remove(id)
            if state.bySchool[subscriber.schoolID]?.isEmpty == true { state.bySchool[subscriber.schoolID] = nil }
            for classID in subscriber.classIDs {
                state.byClass[classID]?.remove(id)
                if state.byClass[classID]?.isEmpty == true { state.byClass[classID] = nil }
            }
            return subscriber
        }
        subscriber?.continuation.finish()
    }

    /// Ends every stream (the node is stopping).
    func closeAll() {
        for id in state.withLock({ Array($0.subscribers.keys) }) { unsubscribe(id) }
    }

    /// A version moved: the streams that show it hear of it.
    func changed(_ scope: String, count: Int?) {
        guard let colon = scope.firstIndex(of: ":") else { return }
        let kind = scope[..<colon]
        let key = String(scope[scope.index(after: colon)...])
        switch kind {
        case "inbox":
            let userID = User.ID(rawValue: key)
            let shown = count ?? unread.current(userID)
            send(LiveEvent(name: "unread", data: shown.map(String.init) ?? "?"), to: { $0.byUser[userID] ?? [] })
        case "class", "timetable", "announce-class":
            // A class's notebook, timetable or announcements: the streams of those who read the class.
            let classID = SchoolClass.ID(rawValue: key)
            let name = kind == "announce-class" ? "announcement" : String(kind)
            send(LiveEvent(name: name, data: key), to: { $0.byClass[classID] ?? [] })
        case "announce":
            let schoolID = School.ID(rawValue: key)
            send(LiveEvent(name: "announcement", data: key), to: { $0.bySchool[schoolID] ?? [] })
        case "banner":
            let schoolID = School.ID(rawValue: key)
            send(LiveEvent(name: "banner", data: key), to: { $0.bySchool[schoolID] ?? [] })
        case "messaging":
            let schoolID = School.ID(rawValue: key)
            send(LiveEvent(name: "messaging", data: "changed"), to: { $0.bySchool[schoolID] ?? [] })
        default:
            return
        }
    }

    /// The events that push something at a person (a new message's notice, an announcement's), which their quiet
    /// hours hold back: in those hours `unread` goes as `unread-quiet` (the counter follows, no notice shows) and
    /// `announcement` not at all (the page shows it when they next open it).
    static func quieted(_ event: LiveEvent) -> LiveEvent? {
        switch event.name {
        case "unread": LiveEvent(name: "unread-quiet", data: event.data)
        case "announcement": nil
        default: event
        }
    }

    /// Hands `event` to the streams `select` names (held back for those in their quiet hours, see ``quieted(_:)``); a
    /// stream whose buffer is full is dropped.
    private func send(_ event: LiveEvent, to select: (State) -> Set<UInt64>) {
        var slow: [UInt64] = []
        let pushes = event.name == "unread" || event.name == "announcement"
        let chosen = state.withLock { state in
            select(state).compactMap { id in state.subscribers[id].map { (id, $0.continuation, pushes ? $0.quiet : nil, $0.zone) } }
        }
        // The moment is worked out once per zone for the whole send, not per stream.
        let now = pushes ? clock.now() : Date(timeIntervalSince1970: 0)
        var moments: [String: (weekday: Int, minute: Int)] = [:]
        for (id, continuation, quiet, zone) in chosen {
            var shown = event
            if let quiet {
                let moment = moments[zone.identifier] ?? QuietHours.moment(of: now, in: zone)
                moments[zone.identifier] = moment
                if quiet.contains(moment) {
                    guard let held = Self.quieted(event) else { continue }
                    shown = held
                }
            }
            if case .dropped = continuation.yield(shown) { slow.append(id) }
        }
        guard !slow.isEmpty else { return }
        state.withLock { $0.dropped += slow.count }
        for id in slow { unsubscribe(id) }
    }

    /// Sends `event` to every stream of `schoolIDs` (`nil`: every school), e.g. an urgent banner.
    func broadcast(_ event: LiveEvent, schools schoolIDs: Set<School.ID>?) {
        send(event) { state in
            guard let schoolIDs else { return Set(state.subscribers.keys) }
            return schoolIDs.reduce(into: Set()) { $0.formUnion(state.bySchool[$1] ?? []) }
        }
    }

    /// Sends `event` to the streams of `userIDs`.
    func send(_ event: LiveEvent, toUsers userIDs: Set<User.ID>) {
        send(event) { state in userIDs.reduce(into: Set()) { $0.formUnion(state.byUser[$1] ?? []) } }
    }
}
