import CartableCore
import CartableStore
import Foundation

/// Everything a node needs to know to serve. The command line fills it from flags, then environment
/// variables, then these defaults.
public struct AppConfiguration: Sendable {
    /// When the session cookie gets the `Secure` attribute.
    public enum SecureCookies: String, Sendable, CaseIterable {
        /// When the request came over TLS: a trusted proxy (``AppConfiguration/trustedProxies``) says `X-Forwarded-Proto: https`.
        case auto
        /// Always (the node is only reachable through HTTPS).
        case always
        /// Never (plain HTTP on a school's own network or for the demo).
        case never
    }

    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on.
    public var port: Int = 8080
    /// Where the data lives.
    public var database: DatabaseLocation = .sqlite(path: "data/cartable.sqlite")
    /// When cookies are marked `Secure`.
    public var secureCookies: SecureCookies = .auto
    /// The proxies whose `X-Forwarded-Proto` and `X-Forwarded-For` are believed (only your own; nobody by default).
    public var trustedProxies: TrustedProxies = .none
    /// bcrypt cost for new passwords (10 or more).
    public var passwordCost: Int = 11
    /// How long sessions live.
    public var sessionPolicy = SessionPolicy()
    /// Largest form or JSON body accepted, in bytes.
    public var maximumBodySize: Int = 256 * 1024
    /// PostgreSQL connections per node.
    public var databasePoolSize: Int = 16
    /// Where uploaded files are kept (outside any served folder).
    public var blobDirectory: String = "data/blobs"
    /// Largest file, and largest total per submission.
    public var uploadLimits = UploadLimits()
    /// Requests from one client address: at once, then per second (a whole school may share one address).
    public var addressRate = TokenBuckets.Rule(burst: 3_000, perSecond: 300)
    /// Requests from one signed-in account: at once, then per second.
    public var accountRate = TokenBuckets.Rule(burst: 300, perSecond: 10)
    /// Failed sign-ins an account may take in an hour.
    public var signInFailuresPerHour = 100
    /// Requests in progress at once on the node; above it, a short queue by criticality, then the waiting room.
    public var admissionLimit = 256
    /// Requests waiting in memory for a slot: as many as a flood's connections on one node (4,000 in the flood
    /// benchmark; with 512, a node that could serve them all within a second sent most of them to the waiting room
    /// and answered them again and again). The measured pace still sends to the waiting room at once whoever would
    /// wait more than half of `admissionWait`.
    public var admissionQueue = 4_096
    /// Longest a request waits in memory before getting the waiting room.
    public var admissionWait: Duration = .seconds(1)
    /// Most connections open at once; `nil`: as many as the process may open files, less 1,024 kept
    /// for the database, uploads and logs. Above it, new connections wait in the kernel's backlog.
    public var maximumConnections: Int?
    /// A keep-alive connection silent this long is closed (a browser reconnects without a sound).
    public var idleTimeout: Duration = .seconds(30)
    /// How long the waiting room, the database away or a video server failing must last before the node proposes an
    /// incident window to staff.
    public var incidentProposalSeconds = 120
    /// The SMTP server e-mail notifications go through; `nil`: no e-mail is sent (nor queued).
    public var smtp: SMTPConfiguration?
    /// The address people reach this platform at, for the links in e-mail (`https://ent.example.fr`).
    public var publicURL: String = "http://127.0.0.1:8080"
    /// How many e-mails one pass of the dispatcher sends (a large send goes out in chunks).
    public var emailChunk = 200
    /// Hours (in the school's zone) when guardians come after pupils and teachers; `nil`: never.
    public var guardianHours: Range<Int>? = 8..<17
    /// Shared by the nodes of a platform so that each honours the others' waiting-room tickets (else per node).
    public var ticketSecret: String?
    /// ClamAV's clamd (`host:port` or a socket path) to scan uploads with, if any.
    public var clamd: String?
    /// What an upload does when clamd cannot be reached: refused (the default: a school that asked for
    /// scanning never gets an unscanned file without knowing) or accepted unscanned, with a warning logged.
    public var whenScannerIsDown: ScanFallback = .refuse

    /// The platform's live-class servers (one for every school until schools get their own settings).
    public var video = VideoSettings()

    /// Days the security log is kept (a year by default), then deleted.
    public var securityLogDays = 365
    /// The platform's privacy page text (plain text, paragraphs separated by blank lines), if the operator set one;
    /// a school's own text comes first, the built-in one last.
    public var privacyText: String?

    /// The defaults.
    public init() {}
}

/// The live-class servers a platform offers: BigBlueButton and Jitsi Meet. Secrets are never shown or logged.
public struct VideoSettings: Sendable, CustomStringConvertible {
    /// The BigBlueButton API's address, ending in `/bigbluebutton/` (its `api/` is added), or `nil` for none.
    public var bigBlueButtonURL: String?
    /// BigBlueButton's shared secret.
    public var bigBlueButtonSecret: String?
    /// `sha256` (default) or `sha1` for older servers.
    public var bigBlueButtonChecksum = "sha256"
    /// How long a call to the video server may take before Cartable gives up and says so.
    public var timeout: Duration = .seconds(2)
    /// The Jitsi Meet domain (`meet.example.org`), or `nil` for none.
    public var jitsiDomain: String?
    /// Jitsi's token authentication (HS256): the application id and its secret, if the server asks for tokens.
    public var jitsiAppID: String?
    public var jitsiSecret: String?

    /// Creates empty settings (no live-class server).
    public init() {}

    /// The modes the platform can offer besides the room and an external link.
    public var availableKinds: Set<String> {
        var kinds: Set<String> = []
        if bigBlueButtonURL != nil && bigBlueButtonSecret != nil { kinds.insert("bbb") }
        if jitsiDomain != nil { kinds.insert("jitsi") }
        return kinds
    }

    /// The settings with secrets hidden (for logs).
    public var description: String {
        "bbb=\(bigBlueButtonURL ?? "-") secret=\(bigBlueButtonSecret.map { _ in "****" } ?? "-") jitsi=\(jitsiDomain ?? "-")"
    }
}
