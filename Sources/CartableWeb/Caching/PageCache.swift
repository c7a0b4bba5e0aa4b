import CartableCore
import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore

/// Pages rendered once per version of their content and kept in memory, keyed by the same digest as
/// their `ETag` (the versions of what they show, who reads them, the form token, the language, the
/// day, the address): at 9:00 the second look at a page costs neither a query nor a render.
///
/// A ``BoundedCache`` bounded in bytes (oldest out first; a page over a quarter of it is not kept); an
/// entry lives at most `lifetime` on the application's clock, so that what depends on the clock (a piece
/// of work that became late) is never older than that.
final class PageCache: Sendable {
    /// A kept page.
    struct Entry: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
    }

    private let pages: BoundedCache<String, Entry>

    /// Creates the cache: `capacity` bytes, each page kept `lifetime` seconds at most on `clock`.
    init(capacity: Int = 64 << 20, lifetime: TimeInterval = 60, clock: any WallClock) {
        pages = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
    }

    /// The page stored under `key`, if it is still fresh.
    func page(_ key: String) -> Entry? {
        guard let entry = pages.value(forKey: key) else {
            Observability.pageCacheMisses.increment()
            return nil
        }
        Observability.pageCacheHits.increment()
        return entry
    }

    /// Keeps a page, making room by dropping the oldest ones.
    func store(_ key: String, headers: HTTPFields, body: ByteBuffer) {
        let size = body.readableBytes + key.utf8.count + 64
        guard size < pages.capacity / 4 else { return }
        pages.store(Entry(headers: headers, body: body), forKey: key, cost: size)
    }

    /// How many pages and bytes are kept.
    var usage: (pages: Int, bytes: Int) { (pages.count, pages.totalCost) }
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
