import Foundation
import Synchronization

/// Values kept in memory up to a capacity and for at most a lifetime: the one cache type every cache of
/// the application is built on (pages, class reads, card heads, sessions, assignments), so that they all
/// follow one eviction rule. In Core because caches of both the store module (assignments) and the web
/// module use it; it does no I/O.
///
/// **The rule: the oldest stored goes first.** Each value has a cost (1 by default, its size in bytes for
/// pages); storing past `capacity` drops the values stored longest ago until the total fits. A value older
/// than `lifetime` is never returned, and since every value of a cache lives as long, the expired ones are
/// always the oldest: each store also drops those at the front, so memory follows what was stored in the
/// last `lifetime`. Storing a key again makes it the newest. Every operation is O(1) amortised, under one
/// short `Mutex` section; the clock is read only when there is a lifetime.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Slot {
        var value: Value
        var storedAt: Date
        var cost: Int
        /// Which entry of `order` is this slot's (earlier ones for the same key are stale).
        var stamp: UInt64
    }

    private struct State {
        var slots: [Key: Slot] = [:]
        /// Keys in the order they were stored, from `head`; an entry whose stamp is not its slot's is stale.
        var order: [(key: Key, stamp: UInt64)] = []
        var head = 0
        var cost = 0
        var nextStamp: UInt64 = 0
    }

    /// The most total cost kept (entries, or bytes when values are stored with their size).
    public let capacity: Int
    /// How long a value is used at most, in seconds; `nil` for no limit (the value is checked otherwise, by version or content).
    public let lifetime: TimeInterval?
    private let clock: any WallClock
    private let state = Mutex(State())

    /// Creates an empty cache.
    /// - Parameters:
    ///   - capacity: the most total cost kept.
    ///   - lifetime: how long a value is used at most, in seconds; `nil` for no limit.
    ///   - clock: the time, for the lifetime (the application's clock; not read without a lifetime).
    public init(capacity: Int, lifetime: TimeInterval? = nil, clock: any WallClock = SystemWallClock()) {
        self.capacity = max(0, capacity)
        self.lifetime = lifetime
        self.clock = clock
    }

    /// The value stored under `key`, unless it is older than the lifetime at `now` (the cache's clock if not given).
    public func value(forKey key: Key, at now: Date? = nil) -> Value? {
        let now = lifetime == nil ? nil : now ?? clock.now()
        return state.withLock { state in
            guard let slot = state.slots[key] else { return nil }
            if let lifetime, let now, !Self.isFresh(slot, at: now, lifetime: lifetime) {
                state.slots[key] = nil
                state.cost -= slot.cost
                return nil
            }
            return slot.value
        }
    }

    /// Stores `value` under `key` as the newest, with its `cost`; drops the expired and then the oldest values
    /// until the total cost fits the capacity (a value costing more than the capacity is not kept).
    public func store(_ value: Value, forKey key: Key, cost: Int = 1, at now: Date? = nil) {
        let now = now ?? (lifetime == nil ? .distantPast : clock.now())
        state.withLock { state in
            if let old = state.slots.removeValue(forKey: key) { state.cost -= old.cost }
            guard cost <= capacity else { return }
            state.nextStamp += 1
            state.slots[key] = Slot(value: value, storedAt: now, cost: cost, stamp: state.nextStamp)
            state.order.append((key, state.nextStamp))
            state.cost += cost
            while state.head < state.order.count {
                let (oldest, stamp) = state.order[state.head]
                if let slot = state.slots[oldest], slot.stamp == stamp {
                    let isExpired = lifetime.map { now.timeIntervalSince(slot.storedAt) >= $0 } ?? false
                    guard isExpired || state.cost > capacity else { break }
                    state.slots[oldest] = nil
                    state.cost -= slot.cost
                }
                state.head += 1
            }
            Self.compact(&state)
        }
    }

    /// Forgets the value under `key`.
    public func removeValue(forKey key: Key) {
        state.withLock { state in
            if let old = state.slots.removeValue(forKey: key) { state.cost -= old.cost }
            Self.compact(&state)
        }
    }

    /// Forgets every value for which `shouldRemove` is true (O(n): for rare events, such as a sign-out).
    public func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        state.withLock { state in
            state.slots = state.slots.filter { !shouldRemove($0.key, $0.value.value) }
            state.cost = state.slots.values.reduce(0) { $0 + $1.cost }
            Self.compact(&state)
        }
    }

    /// How many values are kept.
    public var count: Int { state.withLock { $0.slots.count } }

    /// The total cost of the values kept.
    public var totalCost: Int { state.withLock { $0.cost } }

    private static func isFresh(_ slot: Slot, at now: Date, lifetime: TimeInterval) -> Bool {
        let age = now.timeIntervalSince(slot.storedAt)
        return age >= 0 && age < lifetime
    }

    /// Keeps the order list within a constant factor of the values kept: drops its consumed head once that
    /// dominates, and its stale entries (keys stored again or removed) once they outnumber the live ones.
    private static func compact(_ state: inout State) {
        if state.head > 1_024 && state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
        if state.order.count - state.head > 2 * state.slots.count + 1_024 {
            let slots = state.slots
            state.order = state.order[state.head...].filter { slots[$0.key]?.stamp == $0.stamp }
            state.head = 0
        }
    }
}
