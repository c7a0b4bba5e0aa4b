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
        /// When it goes to the waiting room, on the timer's clock (``elapsed``): waiters are kept in arrival
        /// order, and every one waits the same `maximumWait`, so this order is also the order of deadlines.
        var deadline: Duration
        var continuation: CheckedContinuation<Decision, Never>

        var order: (Int, UInt64, UInt64) { (criticality.rawValue, ticket, id) }
    }

    struct State {
        var inFlight = 0
        var signInsInFlight = 0
        /// Requests waiting for a slot, in arrival order. Bounded by `queueLimit` (and sign-ins among
        /// them by `signInQueueLimit`), enforced in ``acquire(_:ticket:at:)``: past it, the waiting room.
        var waiters: [Waiter] = []
        /// Whether the one timer task (``expireOverdue()``) runs: it runs while anyone waits.
        var isTimerRunning = false
        /// Completions per second over the last seconds, to estimate what the node can do.
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
    /// Numbers for waiters, taken before queueing so that a cancellation can name its waiter.
    private let nextID = Atomic<UInt64>(0)
    /// The time of day, for the measured pace and sign-in durations when a caller gives no instant.
    private let clock: any WallClock
    /// Time since the controller started, on the timer's clock: what deadlines are measured in.
    private let elapsed: @Sendable () -> Duration
    /// Sleeps on the timer's clock.
    private let sleepOnTimer: @Sendable (Duration) async -> Void

    /// Creates the controller.
    /// - Parameters:
    ///   - clock: the time of day (the application's clock), for the pace and sign-in durations.
    ///   - timer: the clock waits in memory are measured and slept on (monotonic: a wait is a real wait).
    public init(
        limit: Int, queueLimit: Int, maximumWait: Duration, signInLimit: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
        clock: any WallClock = SystemWallClock(), timer: any Clock<Duration> = ContinuousClock()
    ) {
        self.limit = max(0, limit)
        self.queueLimit = max(0, queueLimit)
        self.maximumWait = maximumWait
        self.signInLimit = max(1, signInLimit)
        self.clock = clock
        (elapsed, sleepOnTimer) = Self.measuring(timer)
    }

    /// Time since now and a sleep, both on `timer` (opened once here, so that its instant type stays out of the state).
    private static func measuring<C: Clock<Duration>>(_ timer: C) -> (@Sendable () -> Duration, @Sendable (Duration) async -> Void) {
        let origin = timer.now
        return ({ origin.duration(to: timer.now) }, { try? await timer.sleep(for: $0) })
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
    /// if it carried one (older tickets go first within a criticality), `UInt64.max` otherwise; `now` is the
    /// request's instant (the controller's clock if not given).
    ///
    /// A request that cannot start waits at most `maximumWait` (one timer for all waiters, not a task each);
    /// a cancelled one leaves the queue at once and is answered ``Decision/waitingRoom``.
    public func acquire(_ criticality: Criticality, ticket: UInt64 = .max, at now: Date? = nil) async -> Decision {
        let now = now ?? clock.now()
        // A free slot and nobody ahead: no continuation, no cancellation handler.
        let admitted = state.withLock { state in
            guard mayStart(criticality, state), !isAnyoneAhead(of: criticality, ticket: ticket, state) else { return false }
            start(criticality, &state, at: now)
            return true
        }
        if admitted { return .admitted }
        let id = nextID.add(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Decision, Never>) in
                let outcome = state.withLock { state in queue(id, criticality, ticket: ticket, at: now, continuation, &state) }
                switch outcome {
                case .decided(let decision): continuation.resume(returning: decision)
                case .queued(let startsTimer): if startsTimer { Task { await self.expireOverdue() } }
                }
            }
        } onCancel: {
            state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return }
                state.waiters.remove(at: index).continuation.resume(returning: .waitingRoom)
            }
        }
    }

    private func isAnyoneAhead(of criticality: Criticality, ticket: UInt64, _ state: State) -> Bool {
        state.waiters.contains { ($0.criticality.rawValue, $0.ticket) < (criticality.rawValue, ticket) && mayStart($0.criticality, state) }
    }

    private enum Queued {
        case decided(Decision)
        /// Waiting; `true` if the timer must be started.
        case queued(Bool)
    }

    /// Decides a request that found no free slot: admitted after all, the waiting room, or a place in the queue.
    private func queue(
        _ id: UInt64, _ criticality: Criticality, ticket: UInt64, at now: Date, _ continuation: CheckedContinuation<Decision, Never>,
        _ state: inout State
    ) -> Queued {
        if Task.isCancelled { return .decided(.waitingRoom) }
        if mayStart(criticality, state) && !isAnyoneAhead(of: criticality, ticket: ticket, state) {
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
                state.waiters[worst].order > mine
            else { return .decided(.waitingRoom) }
            let evicted = state.waiters.remove(at: worst)
            evicted.continuation.resume(returning: .waitingRoom)
        }
        state.waiters.append(
            Waiter(id: id, criticality: criticality, ticket: ticket, deadline: elapsed() + maximumWait, continuation: continuation))
        let startsTimer = !state.isTimerRunning
        state.isTimerRunning = true
        return .queued(startsTimer)
    }

    /// A request of `criticality` finished: its slot goes to the most critical waiter that may start.
    public func release(_ criticality: Criticality, at now: Date? = nil) {
        let now = now ?? clock.now()
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

    /// The one timer: sends every waiter past its deadline to the waiting room, then sleeps until the next
    /// deadline (the oldest waiter's, since the queue is in deadline order), and ends when nobody waits.
    /// Started by the request that queues first; at most one runs at a time, so it costs one task per
    /// busy period, not one per waiter.
    private func expireOverdue() async {
        while true {
            let pause: Duration? = state.withLock { state in
                let now = elapsed()
                let overdue = state.waiters.prefix { $0.deadline <= now }.count
                for waiter in state.waiters.prefix(overdue) { waiter.continuation.resume(returning: .waitingRoom) }
                state.waiters.removeFirst(overdue)
                guard let next = state.waiters.first else {
                    state.isTimerRunning = false
                    return nil
                }
                return next.deadline - now
            }
            guard let pause else { return }
            await sleepOnTimer(pause)
        }
    }

    /// What the node can finish in a second: the best of the last ten whole seconds, once at least `minimum` requests
    /// finished in them to trust; `nil` on a quiet or newly started node.
    ///
    /// The best second, not the average: at 9:00 the load comes as a step, and an average over ten seconds of which
    /// nine were quiet said a tenth of what the node can do. It then sent most of a flood to the waiting room, the
    /// refusals took the time the pages needed, fewer requests finished, and the estimate fell further (measured in
    /// BENCHMARKS.md, "Overload at the door").
    static func pace(_ completions: [Int64: Int], at now: Date, trustedFrom minimum: Int) -> Double? {
        let second = Int64(now.timeIntervalSince1970)
        let seconds = (second - 10..<second).map { completions[$0] ?? 0 }
        return seconds.reduce(0, +) >= minimum ? Double(seconds.max() ?? 0) : nil
    }

    /// Requests finished in the best of the last ten seconds (at least 1).
    public func throughput(at now: Date? = nil) -> Double {
        let now = now ?? clock.now()
        return state.withLock { state in
            max(1, Self.pace(state.completions, at: now, trustedFrom: 0) ?? 0)
        }
    }

    /// Requests in progress and waiting in memory.
    public var load: (inFlight: Int, waiting: Int) { state.withLock { ($0.inFlight, $0.waiters.count) } }
}
