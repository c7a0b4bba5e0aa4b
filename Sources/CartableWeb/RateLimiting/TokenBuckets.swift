import Foundation
import Synchronization

/// Token buckets by key (an address, an account): `burst` requests at once, then `perSecond`.
///
/// A refusal costs one dictionary look-up under a lock: no database, no rendering. Memory stays
/// bounded: past `maximumKeys`, buckets that have refilled completely (idle keys) are dropped.
public final class TokenBuckets: Sendable {
    /// A bucket's shape.
    public struct Rule: Sendable, Hashable {
        /// Requests allowed at once.
        public var burst: Double
        /// Requests added back each second.
        public var perSecond: Double

        /// Creates a rule.
        public init(burst: Double, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    /// The rule every key follows.
    public let rule: Rule
    private let maximumKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates the buckets.
    public init(rule: Rule, maximumKeys: Int = 100_000) {
        self.rule = rule
        self.maximumKeys = maximumKeys
    }

    /// Takes one token for `key`: `nil` if allowed, else how many seconds until one is back.
    public func take(_ key: String, at now: Date) -> TimeInterval? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: rule.burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(rule.burst, bucket.tokens + elapsed * rule.perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return rule.perSecond > 0 ? (1 - bucket.tokens) / rule.perSecond : 3_600
            }
            bucket.tokens -= 1
            if buckets[key] == nil && buckets.count >= maximumKeys { prune(&buckets, now: now) }
            buckets[key] = bucket
            return nil
        }
    }

    private func prune(_ buckets: inout [String: Bucket], now: Date) {
        let full = rule.perSecond > 0 ? rule.burst / rule.perSecond : .infinity
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < full }
        if buckets.count >= maximumKeys { buckets.removeAll(keepingCapacity: true) }
    }

    /// How many keys are tracked.
    public var count: Int { buckets.withLock { $0.count } }
}
