import CartableCore
import Foundation
import Synchronization
import Testing

/// The one cache type: oldest stored out first, within a capacity in entries or bytes, and never older than its lifetime.
@Suite struct BoundedCacheTests {
    /// A clock the test moves.
    final class StepClock: WallClock {
        private let current = Mutex(Date(timeIntervalSince1970: 1_795_420_800))
        func now() -> Date { current.withLock { $0 } }
        func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test func pastTheCapacityTheOldestStoredGoesFirst() {
        let cache = BoundedCache<Int, String>(capacity: 3)
        for key in 1...3 { cache.store("v\(key)", forKey: key) }
        // Storing 1 again makes it the newest: 2 is now the oldest.
        cache.store("v1 again", forKey: 1)
        cache.store("v4", forKey: 4)
        #expect(cache.value(forKey: 2) == nil)
        #expect(cache.value(forKey: 1) == "v1 again" && cache.value(forKey: 3) == "v3" && cache.value(forKey: 4) == "v4")
        #expect(cache.count == 3 && cache.totalCost == 3)
        cache.store("v5", forKey: 5)
        #expect(cache.value(forKey: 3) == nil && cache.count == 3)
    }

    @Test func aCapacityInBytesDropsAsManyOldValuesAsNeeded() {
        let cache = BoundedCache<String, String>(capacity: 100)
        cache.store("a", forKey: "a", cost: 40)
        cache.store("b", forKey: "b", cost: 40)
        cache.store("c", forKey: "c", cost: 70)
        #expect(cache.value(forKey: "a") == nil && cache.value(forKey: "b") == nil && cache.value(forKey: "c") == "c")
        #expect(cache.totalCost == 70)
        // A value over the capacity is not kept, and does not push the others out.
        cache.store("huge", forKey: "huge", cost: 101)
        #expect(cache.value(forKey: "huge") == nil && cache.value(forKey: "c") == "c")
    }

    @Test func aValueIsNeverUsedPastItsLifetimeAndExpiredOnesGoAsOthersAreStored() {
        let clock = StepClock()
        let cache = BoundedCache<Int, Int>(capacity: 1_000, lifetime: 60, clock: clock)
        for key in 0..<100 { cache.store(key, forKey: key) }
        clock.advance(by: 59)
        #expect(cache.value(forKey: 7) == 7)
        clock.advance(by: 1)
        #expect(cache.value(forKey: 7) == nil, "sixty seconds old: stale")
        #expect(cache.count == 99)
        // Nobody asks for the others again: the next store drops them all.
        cache.store(100, forKey: 100)
        #expect(cache.count == 1 && cache.value(forKey: 100) == 100)
        // An instant given by the caller wins over the clock (a request's own instant).
        #expect(cache.value(forKey: 100, at: clock.now().addingTimeInterval(61)) == nil)
    }

    @Test func valuesCanBeForgottenOneByOneOrByARule() {
        let cache = BoundedCache<Int, String>(capacity: 10)
        for key in 0..<6 { cache.store(key.isMultiple(of: 2) ? "even" : "odd", forKey: key) }
        cache.removeValue(forKey: 1)
        cache.removeAll { $1 == "even" }
        #expect(cache.count == 2 && cache.value(forKey: 3) == "odd" && cache.value(forKey: 5) == "odd")
        // What was forgotten no longer counts against the capacity.
        for key in 10..<18 { cache.store("new", forKey: key) }
        #expect(cache.count == 10 && cache.value(forKey: 3) == "odd")
    }

    @Test func storingTheSameKeysOverAndOverKeepsMemoryBounded() {
        let cache = BoundedCache<Int, Int>(capacity: 50_000)
        for round in 0..<20_000 { cache.store(round, forKey: round % 10) }
        #expect(cache.count == 10 && cache.totalCost == 10)
        #expect(cache.value(forKey: 9) == 19_999)
    }
}
