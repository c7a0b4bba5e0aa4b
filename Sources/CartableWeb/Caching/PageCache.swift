import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import Synchronization

/// Pages rendered once per version of their content and kept in memory, keyed by the same digest as
/// their `ETag` (the versions of what they show, who reads them, the form token, the language, the
/// day, the address): at 9:00 the second look at a page costs neither a query nor a render.
///
/// Bounded in bytes (oldest out first); an entry lives at most `lifetime`, so that what depends on the
/// clock (a piece of work that became late) is never older than that.
final class PageCache: Sendable {
    struct Entry: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
        var storedAt: ContinuousClock.Instant
    }

    struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
        var bytes = 0
    }

    let capacity: Int
    let lifetime: Duration
    private let state = Mutex(State())

    init(capacity: Int = 64 << 20, lifetime: Duration = .seconds(60)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The page stored under `key`, if it is still fresh.
    func page(_ key: String) -> Entry? {
        let entry = state.withLock { $0.entries[key] }
        guard let entry, ContinuousClock.now - entry.storedAt < lifetime else {
            Observability.pageCacheMisses.increment()
            return nil
        }
        Observability.pageCacheHits.increment()
        return entry
    }

    /// Keeps a page, making room by dropping the oldest ones.
    func store(_ key: String, headers: HTTPFields, body: ByteBuffer) {
        let size = body.readableBytes + key.utf8.count + 64
        guard size < capacity / 4 else { return }
        state.withLock { state in
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes + key.utf8.count + 64 }
            state.entries[key] = Entry(headers: headers, body: body, storedAt: .now)
            state.order.append(key)
            state.bytes += size
            while state.bytes > capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let removed = state.entries.removeValue(forKey: oldest) {
                    state.bytes -= removed.body.readableBytes + oldest.utf8.count + 64
                }
            }
            // Compact the order list once its consumed head dominates it.
            if state.head > 1_024 && state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// How many pages and bytes are kept.
    var usage: (pages: Int, bytes: Int) { state.withLock { ($0.entries.count, $0.bytes) } }
}

/// Collects a response body in memory (pages are a few kilobytes).
final class CollectingWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension Observability {
    static let pageCacheHits = Counter(label: "cartable_page_cache_total", dimensions: [("result", "hit")])
    static let pageCacheMisses = Counter(label: "cartable_page_cache_total", dimensions: [("result", "miss")])
}
