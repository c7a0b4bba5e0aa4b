import CartableCore
import CartableStore
import Foundation
import Logging

/// The application's collaborators, passed to every controller. Built once in ``buildApplication(configuration:services:)``.
public struct AppServices: Sendable {
    /// The node's settings.
    public var configuration: AppConfiguration
    /// Every store.
    public var storage: Storage
    /// The access policy.
    public var policy: AccessPolicy
    /// The time.
    public var clock: any WallClock
    /// New identifiers.
    public var identifiers: any IdentifierGenerator
    /// Password hashing (bcrypt, on its own threads).
    public var passwords: any PasswordHasher
    /// Templates and the stylesheet.
    public var views: ViewRenderer
    /// Uploaded files.
    public var blobs: BlobStore
    /// Sessions recently found, so that most requests need no database round-trip to know who asks.
    public let sessionCache: SessionCache
    /// Failed sign-ins per account.
    public let signInThrottle: SignInThrottle
    /// Pages rendered once per version of their content.
    let pageCache = PageCache()
    /// Logs that are not tied to a request.
    public var logger: Logger

    /// Creates the services.
    public init(
        configuration: AppConfiguration, storage: Storage, policy: AccessPolicy = AccessPolicy(), clock: any WallClock = SystemWallClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(), passwords: any PasswordHasher, views: ViewRenderer,
        blobs: BlobStore, sessionCache: SessionCache = SessionCache(), logger: Logger
    ) {
        self.blobs = blobs
        self.sessionCache = sessionCache
        self.signInThrottle = SignInThrottle(perHour: configuration.signInFailuresPerHour)
        self.configuration = configuration
        _ = Observability.registry  // the metrics system, bootstrapped once per process
        let metered = Storage(database: MeteredDatabase(base: storage.database))
        self.storage = metered.replacingSessions(InvalidatingSessionStore(base: metered.sessions, cache: sessionCache))
        self.policy = policy
        self.clock = clock
        self.identifiers = identifiers
        self.passwords = passwords
        self.views = views
        self.logger = logger
    }

    /// Today in the viewer's school's zone.
    func today(for viewer: Viewer) -> LocalDate {
        viewer.school.today(at: clock.now())
    }
}
