import ArgumentParser
import CartableCore
import CartableStore
import CartableWeb
import Foundation
import Logging

/// Options shared by `serve` and `demo`. Each falls back to an environment variable, then to a default.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on. [env: CARTABLE_HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "Port to listen on. [env: CARTABLE_PORT] (default: 8080)")
    var port: Int?

    @Option(
        help: """
            Database: sqlite:PATH (one file, the default) or postgres://USER:PASSWORD@HOST:PORT/NAME. \
            [env: CARTABLE_DATABASE] (default: sqlite:data/cartable.sqlite; for demo, sqlite:data/demo.sqlite)
            """)
    var database: String?

    @Option(
        help: "When cookies are marked Secure: auto (behind a trusted HTTPS proxy), always, never. [env: CARTABLE_SECURE_COOKIES] (default: auto)")
    var secureCookies: String?

    @Flag(help: "Believe X-Forwarded-For and X-Forwarded-Proto from a proxy on this machine (loopback). [env: CARTABLE_TRUST_PROXY=1] (default: off)")
    var trustProxy: Bool = false

    @Option(
        help: ArgumentHelp(
            "A proxy whose X-Forwarded-For and X-Forwarded-Proto are believed: an address or range (10.0.0.5, 10.0.0.0/8, fd00::/8); repeat for several. [env: CARTABLE_TRUSTED_PROXIES=a,b] (default: none)",
            valueName: "address"))
    var trustedProxy: [String] = []

    @Option(help: "bcrypt cost for new passwords, 10 to 15. [env: CARTABLE_PASSWORD_COST] (default: 11)")
    var passwordCost: Int?

    @Option(help: "PostgreSQL connections per node. [env: CARTABLE_DATABASE_POOL] (default: 16)")
    var databasePool: Int?

    @Option(help: "Folder for uploaded files. [env: CARTABLE_BLOB_DIR] (default: blobs/ next to the SQLite file, else data/blobs)")
    var blobDir: String?

    @Option(help: "Largest uploaded file, in MB. [env: CARTABLE_MAX_FILE_MB] (default: 20)")
    var maxFileMb: Int?

    @Option(help: "Largest total of a pupil's files on one piece of work, in MB. [env: CARTABLE_MAX_SUBMISSION_MB] (default: 50)")
    var maxSubmissionMb: Int?

    @Option(help: "Requests a second from one client address, bursts of 10× that. [env: CARTABLE_RATE_PER_ADDRESS] (default: 300)")
    var ratePerAddress: Int?

    @Option(help: "Requests a second from one signed-in account, bursts of 30× that. [env: CARTABLE_RATE_PER_ACCOUNT] (default: 10)")
    var ratePerAccount: Int?

    @Option(
        help:
            "Requests in progress at once; above it, a short queue by criticality, then the waiting room. [env: CARTABLE_ADMISSION_LIMIT] (default: 256)"
    )
    var admissionLimit: Int?

    @Option(help: "Requests waiting in memory for a slot (at most 1 s each). [env: CARTABLE_ADMISSION_QUEUE] (default: 4096)")
    var admissionQueue: Int?

    @Option(
        help:
            "Most connections open at once; more wait in the kernel's queue. [env: CARTABLE_MAX_CONNECTIONS] (default: the open-files limit less 1024)"
    )
    var maxConnections: Int?

    @Option(
        help:
            "Hours when guardians come after pupils and teachers, in the school's time, e.g. 8-17, or off. [env: CARTABLE_GUARDIAN_HOURS] (default: 8-17)"
    )
    var guardianHours: String?

    @Option(
        help:
            "Secret shared by the nodes so that each honours the others' waiting-room tickets. [env: CARTABLE_TICKET_SECRET] (default: one per node)")
    var ticketSecret: String?

    @Option(help: "ClamAV daemon to scan uploads with: host:port or a socket path. [env: CARTABLE_CLAMD] (default: no scan)")
    var clamd: String?

    @Option(
        help:
            "When clamd cannot be reached: refuse the upload (try again later) or accept it unscanned with a warning. [env: CARTABLE_CLAMD_FALLBACK] (default: refuse)"
    )
    var clamdFallback: String?

    @Option(help: "BigBlueButton API address, e.g. https://bbb.example.org/bigbluebutton/ [env: CARTABLE_BBB_URL] (default: none)")
    var bbbURL: String?

    @Option(help: "BigBlueButton shared secret (never logged). [env: CARTABLE_BBB_SECRET] (default: none)")
    var bbbSecret: String?

    @Option(help: "BigBlueButton checksum: sha256 or sha1 (servers before 2.6). [env: CARTABLE_BBB_CHECKSUM] (default: sha256)")
    var bbbChecksum: String?

    @Option(help: "Jitsi Meet domain, e.g. meet.example.org [env: CARTABLE_JITSI_DOMAIN] (default: none)")
    var jitsiDomain: String?

    @Option(help: "Jitsi token authentication: the application id. [env: CARTABLE_JITSI_APP_ID] (default: none)")
    var jitsiAppID: String?

    @Option(help: "Jitsi token authentication: the HS256 secret (never logged). [env: CARTABLE_JITSI_SECRET] (default: none: no token)")
    var jitsiSecret: String?

    @Option(help: "Days the security log keeps an event, 30 to 3650. [env: CARTABLE_SECURITY_LOG_DAYS] (default: 365)")
    var securityLogDays: Int?

    @Option(
        help:
            "A plain-text file with the platform's privacy page (blank lines between paragraphs); a school's own text comes first. [env: CARTABLE_PRIVACY_TEXT_FILE] (default: the built-in text)"
    )
    var privacyTextFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error. [env: CARTABLE_LOG_LEVEL] (default: info)")
    var logLevel: String?

    @Option(help: "Log format: text or json (one object per line). [env: CARTABLE_LOG_FORMAT] (default: text)")
    var logFormat: String?

    /// The log format asked for.
    func format() throws -> Logs.Format {
        let text = logFormat ?? ProcessInfo.processInfo.environment["CARTABLE_LOG_FORMAT"] ?? "text"
        guard let format = Logs.Format(rawValue: text) else { throw ValidationError("--log-format must be text or json.") }
        return format
    }

    /// The resolved configuration.
    func configuration(defaultDatabase: String) throws -> AppConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = AppConfiguration()
        configuration.host = host ?? environment["CARTABLE_HOST"] ?? configuration.host
        if let port = try Self.integer(port, "CARTABLE_PORT", in: 0...65_535, refusal: "The port must be between 0 and 65535.") {
            configuration.port = port
        }
        // Without CARTABLE_PUBLIC_URL, links (letters, e-mail) point at the address this node listens on.
        let shownHost = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        configuration.publicURL = "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(configuration.port)"
        let databaseText = database ?? environment["CARTABLE_DATABASE"] ?? defaultDatabase
        guard let location = DatabaseLocation(parsing: databaseText) else {
            throw ValidationError("The database must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/NAME.")
        }
        configuration.database = location
        if let text = secureCookies ?? environment["CARTABLE_SECURE_COOKIES"] {
            guard let mode = AppConfiguration.SecureCookies(rawValue: text) else {
                throw ValidationError("--secure-cookies must be auto, always or never.")
            }
            configuration.secureCookies = mode
        }
        var proxies = trustedProxy.isEmpty ? (environment["CARTABLE_TRUSTED_PROXIES"] ?? "").split(separator: ",").map(String.init) : trustedProxy
        if trustProxy || ["1", "true", "yes"].contains(environment["CARTABLE_TRUST_PROXY"]?.lowercased() ?? "") {
            proxies += ["127.0.0.0/8", "::1"]
        }
        do {
            configuration.trustedProxies = try TrustedProxies(parsing: proxies)
        } catch {
            throw ValidationError("--trusted-proxy: \(error)")
        }
        if let cost = try Self.integer(passwordCost, "CARTABLE_PASSWORD_COST", in: 10...15, refusal: "The password cost must be between 10 and 15.") {
            configuration.passwordCost = cost
        }
        if let pool = try Self.integer(databasePool, "CARTABLE_DATABASE_POOL", in: 1...500, refusal: "The database pool must be between 1 and 500.") {
            configuration.databasePoolSize = pool
        }
        if let directory = blobDir ?? environment["CARTABLE_BLOB_DIR"] {
            configuration.blobDirectory = directory
        } else if case .sqlite(let path) = location {
            configuration.blobDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("blobs").path
        }
        if let megabytes = try Self.integer(
            maxFileMb, "CARTABLE_MAX_FILE_MB", in: 1...2_000, refusal: "The largest file must be between 1 and 2000 MB.")
        {
            configuration.uploadLimits.fileSize = Int64(megabytes) * 1024 * 1024
        }
        if let megabytes = try Self.integer(
            maxSubmissionMb, "CARTABLE_MAX_SUBMISSION_MB", in: 1...4_000, refusal: "The largest submission must be between 1 and 4000 MB.")
        {
            configuration.uploadLimits.submissionSize = Int64(megabytes) * 1024 * 1024
        }
        if let rate = try Self.integer(
            ratePerAddress, "CARTABLE_RATE_PER_ADDRESS", in: 1...10_000_000, refusal: "--rate-per-address must be between 1 and 10000000.")
        {
            configuration.addressRate = .init(burst: Double(rate) * 10, perSecond: Double(rate))
        }
        if let rate = try Self.integer(
            ratePerAccount, "CARTABLE_RATE_PER_ACCOUNT", in: 1...10_000_000, refusal: "--rate-per-account must be between 1 and 10000000.")
        {
            configuration.accountRate = .init(burst: Double(rate) * 30, perSecond: Double(rate))
        }
        if let limit = try Self.integer(
            admissionLimit, "CARTABLE_ADMISSION_LIMIT", in: 1...100_000, refusal: "--admission-limit must be between 1 and 100000.")
        {
            configuration.admissionLimit = limit
        }
        if let queue = try Self.integer(
            admissionQueue, "CARTABLE_ADMISSION_QUEUE", in: 0...1_000_000, refusal: "--admission-queue must be between 0 and 1000000.")
        {
            configuration.admissionQueue = queue
        }
        if let connections = try Self.integer(
            maxConnections, "CARTABLE_MAX_CONNECTIONS", in: 16...10_000_000, refusal: "--max-connections must be between 16 and 10000000.")
        {
            configuration.maximumConnections = connections
        }
        if let hours = guardianHours ?? environment["CARTABLE_GUARDIAN_HOURS"] {
            if hours == "off" {
                configuration.guardianHours = nil
            } else {
                let parts = hours.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, (0...24).contains(parts[0]), (0...24).contains(parts[1]), parts[0] < parts[1] else {
                    throw ValidationError("--guardian-hours must look like 8-17, or be off.")
                }
                configuration.guardianHours = parts[0]..<parts[1]
            }
        }
        configuration.ticketSecret = ticketSecret ?? environment["CARTABLE_TICKET_SECRET"]
        if let address = clamd ?? environment["CARTABLE_CLAMD"], !address.isEmpty {
            guard ClamdScanner(address) != nil else { throw ValidationError("--clamd must be host:port or a socket path.") }
            configuration.clamd = address
        }
        // E-mail notifications: off unless an SMTP server is named (environment only: credentials stay out of `ps`).
        if let host = environment["CARTABLE_SMTP_HOST"], !host.isEmpty {
            let port = try Self.integer(nil, "CARTABLE_SMTP_PORT", in: 1...65_535, refusal: "CARTABLE_SMTP_PORT must be a port number.") ?? 587
            let securityText = environment["CARTABLE_SMTP_SECURITY"] ?? "starttls"
            let security: SMTPConfiguration.Security
            switch securityText.lowercased() {
            case "starttls": security = .startTLS
            case "none": security = .none
            default: throw ValidationError("CARTABLE_SMTP_SECURITY must be starttls or none.")
            }
            guard let from = environment["CARTABLE_SMTP_FROM"], from.contains("@") else {
                throw ValidationError("CARTABLE_SMTP_HOST needs CARTABLE_SMTP_FROM, the sender's address.")
            }
            configuration.smtp = SMTPConfiguration(
                host: host, port: port, security: security, username: environment["CARTABLE_SMTP_USER"], password: environment["CARTABLE_SMTP_PASSWORD"],
                from: from, fromName: environment["CARTABLE_SMTP_FROM_NAME"] ?? "Cartable")
        }
        if let url = environment["CARTABLE_PUBLIC_URL"], !url.isEmpty {
            guard TextRules.isWebAddress(url) else { throw ValidationError("CARTABLE_PUBLIC_URL must be an http(s) address.") }
            configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let text = clamdFallback ?? environment["CARTABLE_CLAMD_FALLBACK"] {
            guard let fallback = ScanFallback(rawValue: text) else { throw ValidationError("--clamd-fallback must be refuse or accept.") }
            configuration.whenScannerIsDown = fallback
        }
        if let url = bbbURL ?? environment["CARTABLE_BBB_URL"], !url.isEmpty {
            guard TextRules.isWebAddress(url) else { throw ValidationError("--bbb-url must be an http(s) address.") }
            configuration.video.bigBlueButtonURL = url.hasSuffix("/") ? url : url + "/"
            guard let secret = bbbSecret ?? environment["CARTABLE_BBB_SECRET"], !secret.isEmpty else {
                throw ValidationError("--bbb-url needs --bbb-secret.")
            }
            configuration.video.bigBlueButtonSecret = secret
        }
        if let checksum = bbbChecksum ?? environment["CARTABLE_BBB_CHECKSUM"] {
            guard ["sha256", "sha1"].contains(checksum) else { throw ValidationError("--bbb-checksum must be sha256 or sha1.") }
            configuration.video.bigBlueButtonChecksum = checksum
        }
        if let domain = jitsiDomain ?? environment["CARTABLE_JITSI_DOMAIN"], !domain.isEmpty {
            configuration.video.jitsiDomain = domain
            configuration.video.jitsiAppID = jitsiAppID ?? environment["CARTABLE_JITSI_APP_ID"]
            configuration.video.jitsiSecret = jitsiSecret ?? environment["CARTABLE_JITSI_SECRET"]
        }
        if let days = try Self.integer(
            securityLogDays, "CARTABLE_SECURITY_LOG_DAYS", in: 30...3_650, refusal: "--security-log-days must be between 30 and 3650.")
        {
            configuration.securityLogDays = days
        }
        if let path = privacyTextFile ?? environment["CARTABLE_PRIVACY_TEXT_FILE"], !path.isEmpty {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("--privacy-text-file: cannot read \(path) as UTF-8 text.")
            }
            configuration.privacyText = text
        }
        return configuration
    }

    /// The log level asked for.
    func level() throws -> Logger.Level {
        let text = logLevel ?? ProcessInfo.processInfo.environment["CARTABLE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: text) else { throw ValidationError("Unknown log level \(text).") }
        return level
    }

    /// The flag, else the environment variable, checked against `range`; `nil` when neither is given.
    static func integer(_ flag: Int?, _ variable: String, in range: ClosedRange<Int>, refusal: String) throws -> Int? {
        guard let value = try flag ?? integer(ProcessInfo.processInfo.environment[variable], name: variable) else { return nil }
        guard range.contains(value) else { throw ValidationError(refusal) }
        return value
    }

    static func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(name) must be a whole number.") }
        return value
    }
}

/// `--database` alone, for commands that only touch the data.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/NAME. [env: CARTABLE_DATABASE] (default: sqlite:data/cartable.sqlite)")
    var database: String?

    func location() throws -> DatabaseLocation {
        let text = database ?? ProcessInfo.processInfo.environment["CARTABLE_DATABASE"] ?? "sqlite:data/cartable.sqlite"
        guard let location = DatabaseLocation(parsing: text) else {
            throw ValidationError("The database must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/NAME.")
        }
        return location
    }
}
