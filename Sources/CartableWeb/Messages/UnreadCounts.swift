import CartableCore
import CartableStore
import Foundation
import Hummingbird

/// Each person's count of unread messages, in memory, checked against their inbox version.
///
/// A page shows the count without a query: the count is kept with the version of the person's box it was read at
/// (``ContentVersions/scope(ofInbox:)``), a write on this node moves both (``applied(_:delta:)``), and a write on
/// another node moves the version through the poller, so the next page reads the count once from the database.
final class UnreadCounts: Sendable {
    struct Entry: Sendable {
        var version: Int64
        var count: Int
    }

    private let cache: BoundedCache<User.ID, Entry>
    private let versions: ContentVersions

    init(versions: ContentVersions, capacity: Int = 200_000) {
        self.versions = versions
        cache = BoundedCache(capacity: capacity)
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

    /// A write moved these boxes to these versions and their counts by `delta`: a count held at the version just
    /// before follows; any other is dropped (another write came in between: it is read again).
    func applied(_ bumped: [User.ID: Int64], delta: Int) {
        for (userID, version) in bumped {
            if let entry = cache.value(forKey: userID), entry.version == version - 1 {
                cache.store(Entry(version: version, count: max(0, entry.count + delta)), forKey: userID)
            } else {
                cache.removeValue(forKey: userID)
            }
        }
    }
}

/// Puts the signed-in person's unread count in the context of every page (after admission: on a miss it reads the
/// database once).
struct MessageCountMiddleware: RouterMiddleware {
    let services: AppServices

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let viewer = context.viewer, request.method == .get || request.method == .head {
            context.unreadMessages = try await services.unread.count(of: viewer.user.id, in: viewer.schoolID, store: services.storage.messages)
        }
        return try await next(request, context)
    }
}
