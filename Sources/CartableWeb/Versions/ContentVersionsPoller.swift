import CartableCore
import CartableStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// Reads the other nodes' changes every second, so that no page is revalidated against stale versions for longer.
struct ContentVersionsPoller: Service {
    let versions: ContentVersions
    let database: any SQLDatabase
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await versions.refresh(from: database)
                } catch {
                    logger.debug("could not read content versions", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
