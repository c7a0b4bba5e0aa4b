import CartableCore
import CartableStore
import Foundation
import Logging
import ServiceLifecycle

/// Carries each node's committed changes to the other nodes at once, through PostgreSQL's `LISTEN/NOTIFY` (on
/// SQLite there is one node: nothing to carry). A notification lost (a node restarting, the listener reconnecting)
/// is caught up by the version poll, a second later.
///
/// A notification is lines of `v <scope> <version>` or `v <scope> <version> <count>` (a message box's unread count),
/// under PostgreSQL's 8,000-byte limit; a write that moved more is sent as several.
struct ChangeFeed: Service {
    let database: any SQLDatabase
    let versions: ContentVersions
    let logger: Logger

    /// PostgreSQL refuses a payload of 8,000 bytes or more.
    static let payloadLimit = 7_800

    /// The notifications that carry `bumped` (and the counts that go with them).
    static func payloads(_ bumped: [(String, Int64)], counts: [String: Int]) -> [String] {
        var payloads: [String] = []
        var current = ""
        for (scope, version) in bumped {
            var line = "v \(scope) \(version)"
            if let count = counts[scope] { line += " \(count)" }
            if !current.isEmpty && current.utf8.count + line.utf8.count + 1 > payloadLimit {
                payloads.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : "\n") + line
        }
        if !current.isEmpty { payloads.append(current) }
        return payloads
    }

    /// Records what a notification says (a line that is not understood is skipped).
    static func apply(_ payload: String, to versions: ContentVersions) {
        for line in payload.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count >= 3, parts[0] == "v", let version = Int64(parts[2]) else { continue }
            let count = parts.count >= 4 ? Int(parts[3]) : nil
            versions.record(String(parts[1]), version: version, changedAt: .distantPast, count: count)
        }
    }

    /// Makes this node tell the others of its writes (PostgreSQL only).
    static func wire(_ versions: ContentVersions, database: any SQLDatabase, logger: Logger) {
        guard database.dialect == .postgres else { return }
        versions.publish { bumped, counts in
            let payloads = Self.payloads(bumped, counts: counts)
            Task {
                for payload in payloads {
                    do {
                        try await database.notifyChange(payload)
                    } catch {
                        logger.debug("could not notify a change", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }

    func run() async throws {
        guard database.dialect == .postgres else {
            // One node: nothing to carry (a service that returned would stop the application).
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            try await database.listenForChanges { [versions] payload in Self.apply(payload, to: versions) }
        }
    }
}
