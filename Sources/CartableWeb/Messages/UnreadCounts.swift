import CartableCore
import CartableStore
import Foundation
import Hummingbird

/// Each person's count of unread messages, in memory, checked against their inbox version.
///
/// A page shows the count without a query: the count is kept with the version of the person's box it was read at
/// (``ContentVersions/scope(ofInbox:)``); every write says the new count with the new version (on this node, or from
/// another through the change feed); only a version learnt from the poll, without its count, costs one query.
final class UnreadCounts: Sendable {
    struct Entry: Sendable {
        var version: Int64
        var count: Int
    }

    private let cache: BoundedCache<User.ID, Entry>
    private let versions: ContentVersions

    init(versions: ContentVersions, capacity: Int = 200_000) {
        self.versions = versions
        let cache = BoundedCache<User.ID, Entry>(capacity: capacity)
        self.cache = cache
        // Every write that moves a box says its new count (in its transaction), on this node or through the change
        // feed from another: the counter follows without a query.
        versions.observe { scope, version, count in
            guard let count, scope.hasPrefix(Self.prefix) else { return }
            let userID = User.ID(rawValue: String(scope.dropFirst(Self.prefix.count)))
            if let entry = cache.value(forKey: userID), entry.version >= version { return }
            cache.store(Entry(version: version, count: count), forKey: userID)
        }
    }

    static let prefix = "inbox:"

    /// The count held for `userID` if it is current.
    func current(_ userID: User.ID) -> Int? {
        let version = versions.version(of: ContentVersions.scope(ofInbox: userID))
        guard let entry = cache.value(forKey: userID), entry.version == version else { return nil }
        return entry.count
    }

    /// The count for `userID`, from memory when it is current.
    func count(of userID: User.ID, in schoolID: School.ID, store: any MessageStore) async throws -> Int {
        let version = versions.version(of: ContentVersions.scope(ofInbox: userID))
        if let entry = cache.value(forKey: userID), entry.version == version { return entry.count }
        // The version is read before the count: a write landing in between leaves an older version stored, read again next time.
        let count = try await store.unreadCount(of: userID, in: schoolID)
        cache.store(Entry(version: version, count: count), forKey: userID)
        return count
    }
}

/// Puts the signed-in person's unread count and their school's urgent banners in the context of every page, from
/// memory (after admission: on a miss it reads the database once).
struct MessageCountMiddleware: RouterMiddleware {
    let services: AppServices

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let viewer = context.viewer, request.method == .get || request.method == .head {
            context.unreadMessages = try await services.unread.count(of: viewer.user.id, in: viewer.schoolID, store: services.storage.messages)
            context.banners = try await services.banners.shown(for: viewer.schoolID, at: services.clock.now(), store: services.storage.announcements)
                .map { ($0.id.rawValue, $0.text) }
        }
        return try await next(request, context)
    }
}
