import CartableCore
import CartableStore
import Foundation
import Logging

/// The application's collaborators, passed to every controller. Built and wired once by
/// ``make(configuration:database:clock:identifiers:random:passwords:views:blobs:logger:)``, then handed to
/// ``buildApplication(configuration:services:beforeServing:onServerRunning:)``.
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
    let pageCache: PageCache
    /// What every pupil of a class reads (its entries, their assignments and documents), per version of the class.
    let classReads: ClassReadCache
    /// Timetables every pupil of a class reads, per version of the class's timetable and the school year.
    let timetableReads: TimetableReadCache
    /// The live-class servers each school uses (its own, or the platform's).
    let video: VideoServers
    /// Notebook cards' shared parts, rendered once per content.
    let cardHeads: CardHeads
    /// Course rows, rendered once per content.
    let courseRows: CourseRows
    /// What this node measured that failed people, and people's attempts (incident proposals and attendance evidence).
    let signals: NodeSignals
    /// Each person's unread messages, kept current by writes.
    let unread: UnreadCounts
    /// The open event streams.
    let live: LiveHub
    /// Each school's urgent banners.
    let banners: BannerBoard
    /// Random numbers where a test may pin them (the waiting room's retry jitter).
    public let random: any RandomSource
    /// Logs that are not tied to a request.
    public let logger: Logger

    /// Takes the collaborators as they are: it wires nothing
    /// (``make(configuration:database:clock:identifiers:random:passwords:views:blobs:logger:)`` builds and wires
    /// them, for the server and the tests alike).
    init(
        configuration: AppConfiguration, storage: Storage, policy: AccessPolicy, clock: any WallClock, identifiers: any IdentifierGenerator,
        random: any RandomSource, passwords: any PasswordHasher, views: ViewRenderer, blobs: BlobStore, sessionCache: SessionCache,
        signInThrottle: SignInThrottle, pageCache: PageCache, classReads: ClassReadCache, timetableReads: TimetableReadCache,
        video: VideoServers, cardHeads: CardHeads, courseRows: CourseRows, logger: Logger
    ) {
        self.configuration = configuration
        self.storage = storage
        self.policy = policy
        self.clock = clock
        self.identifiers = identifiers
        self.random = random
        self.passwords = passwords
        self.views = views
        self.blobs = blobs
        self.sessionCache = sessionCache
        self.signInThrottle = signInThrottle
        self.pageCache = pageCache
        self.classReads = classReads
        self.timetableReads = timetableReads
        self.video = video
        self.cardHeads = cardHeads
        self.courseRows = courseRows
        self.logger = logger
        signals = NodeSignals(clock: clock, identifiers: identifiers)
        unread = UnreadCounts(versions: storage.versions)
        live = LiveHub(versions: storage.versions, unread: unread, clock: clock)
        banners = BannerBoard(versions: storage.versions)
        ChangeFeed.wire(storage.versions, database: storage.database, logger: logger)
    }

    /// Today in the viewer's school's zone.
    func today(for viewer: Viewer) -> LocalDate {
        viewer.school.today(at: clock.now())
    }
}
