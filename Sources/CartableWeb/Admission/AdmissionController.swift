import CartableCore
import Crypto
import Foundation
import Synchronization

/// How much a request matters at 9:00, most first.
public enum Criticality: Int, Sendable, Comparable, CaseIterable {
    /// A write by someone signed in: a draft save, a hand-in, posting an entry.
    case write = 0
    /// A pupil, teacher or staff member reading.
    case member = 1
    /// Someone signing in (a bcrypt hash each).
    case signIn = 2
    /// A guardian reading during school hours (they can come back at noon).
    case guardian = 3
    /// Anyone else.
    case anonymous = 4

    public static func < (lhs: Criticality, rhs: Criticality) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A short name for metrics.
    public var name: String {
        switch self {
        case .write: "write"
        case .member: "member"
        case .signIn: "sign_in"
        case .guardian: "guardian"
        case .anonymous: "anonymous"
        }
    }
}

/// A bounded number of requests in progress at once; above it, a short bounded queue ordered by
/// criticality (then by the age of the waiting-room ticket, then by arrival). What cannot be served
/// within `maximumWait` goes to the waiting room instead of piling up: no unbounded queue, ever.
public final class AdmissionController: Sendable {
    /// The outcome of asking to run.
    public enum Decision: Sendable, Equatable {
        /// Run now; call ``release()`` when done.
        case admitted
        /// Not now: send the waiting room.
        case waitingRoom
    }

    struct Waiter {
        var id: UInt64
        var criticality: Criticality
        var ticket: UInt64
        var continuation: CheckedContinuation<Decision, Never>

        var order: (Int, UInt64, UInt64) { (criticality.rawValue, ticket, id) }
    }

    struct State {
        var inFlight = 0
        var signInsInFlight = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        /// Completions per second over the last seconds, to estimate waits.
        var completions: [Int64: Int] = [:]
        /// When each sign-in in progress started, oldest first.
        var signInStarts: [Date] = []
        /// How long a sign-in takes (a moving average), once one has finished.
        var signInSeconds: Double?
        /// When a sign-in was last sent to the waiting room: within two seconds of it, sign-ins are a storm.
        var signInRefusedAt: Date?
    }

    /// Most requests in progress at once.
    public let limit: Int
    /// Most requests waiting in memory for a slot.
    public let queueLimit: Int
    /// Longest a request waits in memory before it is sent to the waiting room.
    public let maximumWait: Duration
    /// Most sign-ins in progress at once (each is a bcrypt hash: sized to the cores, so that hashing never starves the node).
    public let signInLimit: Int
    /// Most sign-ins waiting in memory for a hashing slot (half the slots, at least one).
    public var signInQueueLimit: Int { max(1, signInLimit / 2) }
    private let state = Mutex(State())

    /// Creates the controller.
    public init(limit: Int, queueLimit: Int, maximumWait: Duration, signInLimit: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.limit = max(0, limit)
        self.queueLimit = max(0, queueLimit)
        self.maximumWait = maximumWait
        self.signInLimit = max(1, signInLimit)
    }

    private func mayStart(_ criticality: Criticality, _ state: State) -> Bool {
        state.inFlight < limit && (criticality != .signIn || state.signInsInFlight < signInLimit)
    }

    private func start(_ criticality: Criticality, _ state: inout State, at now: Date) {
        state.inFlight += 1
        if criticality == .signIn {
            state.signInsInFlight += 1
            state.signInStarts.append(now)
        }
    }

    /// Asks to run a request of `criticality`; `ticket` is the waiting-room ticket's ``WaitingRoom/Ticket/rank``
    /// if it carried one (older tickets go first within a criticality), `UInt64.max` otherwise.
    public func acquire(_ criticality: Criticality, ticket: UInt64 = .max, at now: Date = Date()) async -> Decision {
        enum Immediate {
            case decided(Decision)
            case queued(UInt64)
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Decision, Never>) in
            let outcome: Immediate = state.withLock { state in
                let aheadOfMe = state.waiters.contains {
                    ($0.criticality.rawValue, $0.ticket) < (criticality.rawValue, ticket) && mayStart($0.criticality, state)
                }
                if mayStart(criticality, state) && !aheadOfMe {
                    start(criticality, &state, at: now)
                    return .decided(.admitted)
                }
                // Under a sustained overload, say so at once rather than after a wait in memory: if the
                // requests ahead would take more than half the longest wait at the measured pace, the
                // waiting room now costs the person nothing and the node a few microseconds.
                let maximum = Double(maximumWait.components.seconds) + Double(maximumWait.components.attoseconds) / 1e18
                let mine = (criticality.rawValue, ticket, UInt64.max)
                if let pace = Self.pace(state.completions, at: now, trustedFrom: 200) {
                    let ahead = state.waiters.reduce(0) { $0 + ($1.order < mine ? 1 : 0) }
                    if Double(ahead + 1) / pace > maximum / 2 { return .decided(.waitingRoom) }
                }
                // Sign-ins have slots of their own (one per core) and last a bcrypt hash each: at most
                // half as many as the slots wait in memory, so that an admitted sign-in starts within
                // about half a hash (its latency stays under twice a quiet node's) and a slot rarely
                // idles. Beyond that, the waiting room at once; an older ticket takes the place of the
                // newest waiting sign-in. In a storm of sign-ins (one was sent to the waiting room in the
                // last two seconds) a sign-in waits in memory only for a hash about to end (within a
                // third of a hash): the slot is still taken at once, and an admitted sign-in's latency
                // stays close to one hash instead of up to two.
                if criticality == .signIn {
                    if state.signInsInFlight >= signInLimit, let refused = state.signInRefusedAt, now.timeIntervalSince(refused) < 2,
                        let hash = state.signInSeconds, let oldest = state.signInStarts.first,
                        hash - now.timeIntervalSince(oldest) > hash / 3
                    {
                        state.signInRefusedAt = now
                        return .decided(.waitingRoom)
                    }
                    let waiting = state.waiters.indices.filter { state.waiters[$0].criticality == .signIn }
                    if waiting.count >= signInQueueLimit {
                        state.signInRefusedAt = now
                        guard let newest = waiting.max(by: { state.waiters[$0].order < state.waiters[$1].order }),
                            state.waiters[newest].order > mine
                        else { return .decided(.waitingRoom) }
                        state.waiters.remove(at: newest).continuation.resume(returning: .waitingRoom)
                    }
                }
                if state.waiters.count >= queueLimit {
                    // Full: a more critical request takes the place of the least critical waiter.
                    guard let worst = state.waiters.indices.max(by: { state.waiters[$0].order < state.waiters[$1].order }),
                        state.waiters[worst].order > (criticality.rawValue, ticket, UInt64.max)
                    else { return .decided(.waitingRoom) }
                    let evicted = state.waiters.remove(at: worst)
                    evicted.continuation.resume(returning: .waitingRoom)
                }
                state.nextID += 1
                state.waiters.append(Waiter(id: state.nextID, criticality: criticality, ticket: ticket, continuation: continuation))
                return .queued(state.nextID)
            }
            switch outcome {
            case .decided(let decision):
                continuation.resume(returning: decision)
            case .queued(let id):
                let wait = maximumWait
                Task { [weak self] in
                    try? await Task.sleep(for: wait)
                    self?.expire(id)
                }
            }
        }
    }

    /// A request of `criticality` finished: its slot goes to the most critical waiter that may start.
    public func release(_ criticality: Criticality, at now: Date = Date()) {
        state.withLock { state in
            let second = Int64(now.timeIntervalSince1970)
            if criticality == .signIn {
                state.signInsInFlight -= 1
                // Hashes take about as long as each other: the one that ends is taken to be the oldest.
                if !state.signInStarts.isEmpty {
                    let seconds = max(0, now.timeIntervalSince(state.signInStarts.removeFirst()))
                    state.signInSeconds = state.signInSeconds.map { $0 * 0.8 + seconds * 0.2 } ?? seconds
                }
            }
            state.completions[second, default: 0] += 1
            if state.completions.count > 30 { state.completions = state.completions.filter { $0.key >= second - 10 } }
            state.inFlight -= 1
            while state.inFlight < limit {
                // The most critical waiter that may start (one pass, no copy of the queue: at 9:00 it
                // holds hundreds, and a release happens for every request).
                var next: Int?
                for index in state.waiters.indices where mayStart(state.waiters[index].criticality, state) {
                    if let best = next, state.waiters[best].order <= state.waiters[index].order { continue }
                    next = index
                }
                guard let next else { break }
                let waiter = state.waiters.remove(at: next)
                start(waiter.criticality, &state, at: now)
                waiter.continuation.resume(returning: .admitted)
            }
        }
    }

    private func expire(_ id: UInt64) {
        state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return }
            state.waiters.remove(at: index).continuation.resume(returning: .waitingRoom)
        }
    }

    /// Requests finished per second over the last ten seconds, once there are at least `minimum` of
    /// them to trust; `nil` on a quiet or newly started node.
    static func pace(_ completions: [Int64: Int], at now: Date, trustedFrom minimum: Int) -> Double? {
        let second = Int64(now.timeIntervalSince1970)
        let done = (second - 10..<second).reduce(0) { $0 + (completions[$1] ?? 0) }
        return done >= minimum ? Double(done) / 10 : nil
    }

    /// Requests finished per second, over the last ten seconds (at least 1).
    public func throughput(at now: Date = Date()) -> Double {
        state.withLock { state in
            max(1, Self.pace(state.completions, at: now, trustedFrom: 0) ?? 0)
        }
    }

    /// Requests in progress and waiting in memory.
    public var load: (inFlight: Int, waiting: Int) { state.withLock { ($0.inFlight, $0.waiters.count) } }
}
