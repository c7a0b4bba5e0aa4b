import CartableCore
import CartableStore
import Logging

extension AppServices {
    /// The application's composition root: builds every collaborator over an open `database` and wires them
    /// once (the database metered for `/metrics`, the session store forgetting cached sessions on sign-out,
    /// revoke, reset or disable, the caches on `clock`). The server (`cartable serve`) and the tests
    /// (`TestApp`) both call it and then ``buildApplication(configuration:services:beforeServing:onServerRunning:)``,
    /// so tests run the same wiring as production.
    ///
    /// - Parameters:
    ///   - configuration: the node's settings.
    ///   - database: the open database (not yet metered: metering is wired here).
    ///   - clock: the time, for every request path and cache lifetime.
    ///   - identifiers: new identifiers.
    ///   - random: random numbers a test may pin (the waiting room's retry jitter).
    ///   - passwords: password hashing.
    ///   - views: templates and the stylesheet, loaded once.
    ///   - blobs: uploaded files.
    ///   - logger: logs not tied to a request.
    public static func make(
        configuration: AppConfiguration, database: any SQLDatabase, clock: any WallClock = SystemWallClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(), random: any RandomSource = SystemRandomSource(),
        passwords: any PasswordHasher, views: ViewRenderer, blobs: BlobStore, logger: Logger
    ) -> AppServices {
        _ = Observability.registry  // the metrics system, bootstrapped once per process
        let metered = MeteredDatabase(base: database)
        let sessionCache = SessionCache()
        let sessions = InvalidatingSessionStore(base: SQLSessionStore(database: metered), cache: sessionCache)
        let storage = Storage(database: metered, sessions: sessions)
        return AppServices(
            configuration: configuration, storage: storage, policy: AccessPolicy(), clock: clock, identifiers: identifiers, random: random,
            passwords: passwords, views: views, blobs: blobs, sessionCache: sessionCache,
            signInThrottle: SignInThrottle(perHour: configuration.signInFailuresPerHour), pageCache: PageCache(clock: clock),
            classReads: ClassReadCache(clock: clock), timetableReads: TimetableReadCache(clock: clock),
            video: VideoServers(platform: configuration.video, store: storage.videoSettings, clock: clock),
            cardHeads: CardHeads(views: views), courseRows: CourseRows(views: views), logger: logger)
    }
}
