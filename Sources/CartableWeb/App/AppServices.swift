import CartableCore
import CartableStore
import Foundation
import Logging

/// The application's collaborators, passed to every controller. Built once in ``buildApplication(configuration:services:)``.
/// A class, so that handing it to a controller on every request is one reference count, not one per
/// collaborator (it was a struct of a dozen references: 0.5–1 % of a draft save's CPU went to copying it).
public final class AppServices: Sendable {
    /// The node's settings.
    public let configuration: AppConfiguration
    /// Every store.
    public let storage: Storage
    /// The access policy.
    public let policy: AccessPolicy
    /// The time.
    public let clock: any WallClock
    /// New identifiers.
    public let identifiers: any IdentifierGenerator
    /// Password hashing (bcrypt, on its own threads).
    public let passwords: any PasswordHasher
    /// Templates and the stylesheet.
    public let views: ViewRenderer
    /// Uploaded files.
    public let blobs: BlobStore
    /// Sessions recently found, so that most requests need no database round-trip to know who asks.
    public let sessionCache: SessionCache
    /// Failed sign-ins per account.
    public let signInThrottle: SignInThrottle
    /// Pages rendered once per version of their content.
    let pageCache = PageCache()
    /// What every pupil of a class reads (its entries, their assignments and documents), per version of the class.
    let classReads = ClassReadCache()
    /// Notebook cards' shared parts, rendered once per content.
    let cardHeads: CardHeads
    /// Logs that are not tied to a request.
    public let logger: Logger

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
        self.cardHeads = CardHeads(views: views)
        self.logger = logger
    }

    /// Today in the viewer's school's zone.
    func today(for viewer: Viewer) -> LocalDate {
        viewer.school.today(at: clock.now())
    }
}
