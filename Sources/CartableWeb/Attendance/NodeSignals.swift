import CartableCore
import CartableStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// What this node measured that failed people, kept in memory and written to the database every few seconds: the
/// episodes of the waiting room, of the database away and of a video server failing (proposed to staff as incident
/// windows), and each signed-in person's attempts (evidence on the roll: "a essayé de rejoindre la classe à 9:02").
///
/// Noting is a lock and a dictionary update, nothing more, on the request's path; the database is written by
/// ``NodeSignalsWriter`` off that path, and what it cannot write (the database away: when evidence matters most) stays
/// in memory, bounded, for the next try.
final class NodeSignals: Sendable {
    /// An episode still going on: it ends after ``quiet`` seconds with nothing new.
    struct Episode: Sendable {
        var id: NodeSignal.ID
        var kind: NodeSignal.Kind
        var server: String
        var schoolID: School.ID?
        var start: Date
        var last: Date
        var requests: Int
        var people: Set<User.ID>

        var signal: NodeSignal {
            NodeSignal(id: id, kind: kind, server: server, schoolID: schoolID, start: start, end: last, requests: requests, people: people.count)
        }
    }

    struct Key: Hashable, Sendable {
        var kind: NodeSignal.Kind
        var server: String
        var schoolID: School.ID?
    }

    struct State: Sendable {
        var open: [Key: Episode] = [:]
        /// Episodes ended and not written yet.
        var ended: [NodeSignal] = []
        /// Attempts not written yet.
        var attempts: [PresenceAttempt] = []
        /// The kinds of attempt already noted this minute, per person.
        var noted: [User.ID: (minute: Int, kinds: Set<PresenceAttempt.Kind>)] = [:]
    }

    /// Seconds without anything new after which an episode has ended.
    static let quiet: TimeInterval = 60
    /// Most attempts kept in memory while the database is away (about 100 bytes each).
    static let attemptLimit = 200_000

    private let state = Mutex(State())
    private let clock: any WallClock
    private let identifiers: any IdentifierGenerator

    init(clock: any WallClock, identifiers: any IdentifierGenerator) {
        self.clock = clock
        self.identifiers = identifiers
    }

    /// Something failed people now: one more request of the episode of `kind` (and `person`'s, if signed in).
    func note(_ kind: NodeSignal.Kind, server: String = "", schoolID: School.ID? = nil, person: User.ID?) {
        let now = clock.now()
        let key = Key(kind: kind, server: server, schoolID: schoolID)
        // A new id only when an episode begins: during an overload every waiting-room answer comes through here.
        func begin() -> Episode {
            Episode(
                id: .make(using: identifiers), kind: kind, server: server, schoolID: schoolID, start: now, last: now, requests: 0, people: [])
        }
        state.withLock { state in
            var episode = state.open[key] ?? begin()
            if now.timeIntervalSince(episode.last) > Self.quiet {
                state.ended.append(episode.signal)
                episode = begin()
            }
            episode.last = now
            episode.requests += 1
            if let person, episode.people.count < 1_000_000 { episode.people.insert(person) }
            state.open[key] = episode
        }
    }

    /// `viewer` tried to reach Cartable now (kept once per minute and kind).
    /// - Parameter instant: now, if the caller has already read the clock.
    func attempt(_ kind: PresenceAttempt.Kind, by viewer: Viewer?, at instant: Date? = nil) {
        guard let viewer else { return }
        let now = instant ?? clock.now()
        let minute = Int(now.timeIntervalSince1970 / 60)
        state.withLock { state in
            var seen: (minute: Int, kinds: Set<PresenceAttempt.Kind>) = state.noted[viewer.user.id].flatMap { $0.minute == minute ? $0 : nil } ?? (minute, [])
            guard seen.kinds.insert(kind).inserted, state.attempts.count < Self.attemptLimit else { return }
            state.noted[viewer.user.id] = seen
            state.attempts.append(PresenceAttempt(userID: viewer.user.id, schoolID: viewer.schoolID, at: now, kind: kind))
        }
    }

    /// What to write now: the episodes that ended (and the state of those still going on, so staff see a long one
    /// while it lasts), and the attempts noted.
    func drain() -> (signals: [NodeSignal], attempts: [PresenceAttempt]) {
        let now = clock.now()
        let minute = Int(now.timeIntervalSince1970 / 60)
        return state.withLock { state in
            var signals = state.ended
            state.ended = []
            for (key, episode) in state.open {
                signals.append(episode.signal)
                if now.timeIntervalSince(episode.last) > Self.quiet { state.open[key] = nil }
            }
            let attempts = state.attempts
            state.attempts = []
            state.noted = state.noted.filter { $0.value.minute >= minute - 1 }
            return (signals, attempts)
        }
    }

    /// Puts back what could not be written, for the next try (attempts within their bound).
    func putBack(signals: [NodeSignal], attempts: [PresenceAttempt]) {
        state.withLock { state in
            state.ended.insert(contentsOf: signals.filter { signal in !state.open.values.contains { $0.id == signal.id } }, at: 0)
            let room = max(0, Self.attemptLimit - state.attempts.count)
            state.attempts.insert(contentsOf: attempts.prefix(room), at: 0)
        }
    }

    /// Writes what was noted; what fails stays for the next call. Returns whether everything was written.
    @discardableResult
    func write(to storage: Storage, logger: Logger) async -> Bool {
        let (signals, attempts) = drain()
        guard !signals.isEmpty || !attempts.isEmpty else { return true }
        do {
            try await storage.attendance.recordSignals(signals)
        } catch {
            putBack(signals: signals, attempts: attempts)
            logger.info("node signals not written yet", metadata: ["error": "\(error)"])
            return false
        }
        do {
            try await storage.attendance.recordAttempts(attempts)
        } catch {
            putBack(signals: [], attempts: attempts)
            logger.info("attempts not written yet", metadata: ["error": "\(error)"])
            return false
        }
        return true
    }
}

/// Writes the node's signals and attempts every five seconds, and once more on the way out.
struct NodeSignalsWriter: Service {
    let signals: NodeSignals
    let storage: Storage
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(5))
                await signals.write(to: storage, logger: logger)
            }
        }
        await signals.write(to: storage, logger: logger)
    }
}
