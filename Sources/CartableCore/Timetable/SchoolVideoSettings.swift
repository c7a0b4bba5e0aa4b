import Foundation

/// A school's own live-class servers, set by its staff; what it leaves empty comes from the platform. Each server
/// is whole or absent: a school's BigBlueButton address comes with its secret, a Jitsi domain with its own app id and
/// secret (if it asks for tokens). Secrets are never shown back in full (``hint(of:)``) nor logged.
public struct SchoolVideoSettings: Hashable, Sendable {
    public var schoolID: School.ID
    /// The BigBlueButton API's address, ending in `/` (e.g. `https://bbb.college.fr/bigbluebutton/`).
    public var bigBlueButtonURL: String?
    public var bigBlueButtonSecret: String?
    /// `sha256` or `sha1`.
    public var bigBlueButtonChecksum: String
    /// The Jitsi Meet domain (`visio.college.fr`).
    public var jitsiDomain: String?
    public var jitsiAppID: String?
    public var jitsiSecret: String?
    public var updatedAt: Date

    /// Creates settings.
    public init(
        schoolID: School.ID, bigBlueButtonURL: String? = nil, bigBlueButtonSecret: String? = nil, bigBlueButtonChecksum: String = "sha256",
        jitsiDomain: String? = nil, jitsiAppID: String? = nil, jitsiSecret: String? = nil, updatedAt: Date
    ) {
        self.schoolID = schoolID
        self.bigBlueButtonURL = bigBlueButtonURL
        self.bigBlueButtonSecret = bigBlueButtonSecret
        self.bigBlueButtonChecksum = bigBlueButtonChecksum
        self.jitsiDomain = jitsiDomain
        self.jitsiAppID = jitsiAppID
        self.jitsiSecret = jitsiSecret
        self.updatedAt = updatedAt
    }

    /// What may be shown of a secret: its last four characters, the rest hidden (`•••• 9f3a`).
    public static func hint(of secret: String?) -> String? {
        guard let secret, !secret.isEmpty else { return nil }
        return "•••• " + String(secret.suffix(secret.count >= 12 ? 4 : 0))
    }
}

/// Staff's video settings as typed into the form. An empty secret keeps the one already saved.
public struct SchoolVideoSettingsInput: Sendable, Hashable, Codable {
    public var bbbURL: String?
    public var bbbSecret: String?
    public var bbbChecksum: String?
    public var jitsiDomain: String?
    public var jitsiAppID: String?
    public var jitsiSecret: String?

    /// Creates an input.
    public init(
        bbbURL: String? = nil, bbbSecret: String? = nil, bbbChecksum: String? = nil, jitsiDomain: String? = nil, jitsiAppID: String? = nil,
        jitsiSecret: String? = nil
    ) {
        self.bbbURL = bbbURL
        self.bbbSecret = bbbSecret
        self.bbbChecksum = bbbChecksum
        self.jitsiDomain = jitsiDomain
        self.jitsiAppID = jitsiAppID
        self.jitsiSecret = jitsiSecret
    }

    /// Shortest secret accepted (BigBlueButton makes 32 to 64 characters).
    public static let minimumSecret = 12
    /// Longest address, domain, app id or secret.
    public static let maximumLength = 300

    /// Checks the input against what is saved (`current`, whose secrets an empty field keeps); throws every problem
    /// at once. An address must be `https://`, except on this machine (`127.0.0.1`, `localhost`) for tests.
    public func validated(for schoolID: School.ID, current: SchoolVideoSettings?, at instant: Date) throws(ValidationError) -> SchoolVideoSettings {
        var issues: [FieldIssue] = []
        func text(_ value: String?, _ field: String) -> String? {
            let clean = TextRules.clean(value)
            if clean.count > Self.maximumLength {
                issues.append(.init(field: field, problem: .tooLong(max: Self.maximumLength)))
                return nil
            }
            return clean.isEmpty ? nil : clean
        }
        func secret(_ value: String?, _ field: String, keeping kept: String?) -> String? {
            guard let typed = text(value, field) else { return kept }
            if typed.count < Self.minimumSecret || typed.contains(where: { $0.isWhitespace || !$0.isASCII }) {
                issues.append(.init(field: field, problem: typed.count < Self.minimumSecret ? .tooShort(min: Self.minimumSecret) : .invalidChoice))
                return nil
            }
            return typed
        }
        var result = SchoolVideoSettings(schoolID: schoolID, updatedAt: instant)
        if var address = text(bbbURL, "bbbURL") {
            if !TextRules.isWebAddress(address) || address.contains("?") || address.contains("#") {
                issues.append(.init(field: "bbbURL", problem: .invalidURL))
            } else if !address.lowercased().hasPrefix("https://") && !Self.isLoopback(address) {
                issues.append(.init(field: "bbbURL", problem: .insecureURL))
            }
            if !address.hasSuffix("/") { address += "/" }
            result.bigBlueButtonURL = address
            // A new server needs its own secret: the old one is kept only for the same address.
            let kept = current?.bigBlueButtonURL == address ? current?.bigBlueButtonSecret : nil
            result.bigBlueButtonSecret = secret(bbbSecret, "bbbSecret", keeping: kept)
            if result.bigBlueButtonSecret == nil, !issues.contains(where: { $0.field == "bbbSecret" }) {
                issues.append(.init(field: "bbbSecret", problem: .required))
            }
            let checksum = TextRules.clean(bbbChecksum).lowercased()
            if checksum.isEmpty || checksum == "sha256" {
                result.bigBlueButtonChecksum = "sha256"
            } else if checksum == "sha1" {
                result.bigBlueButtonChecksum = "sha1"
            } else {
                issues.append(.init(field: "bbbChecksum", problem: .invalidChoice))
            }
        } else if text(bbbSecret, "bbbSecret") != nil {
            issues.append(.init(field: "bbbURL", problem: .required))
        }
        if let domain = text(jitsiDomain, "jitsiDomain")?.lowercased() {
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let valid = labels.count >= 2 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            }
            if !valid { issues.append(.init(field: "jitsiDomain", problem: .invalidURL)) }
            result.jitsiDomain = domain
            if let appID = text(jitsiAppID, "jitsiAppID") {
                result.jitsiAppID = appID
                let kept = current?.jitsiDomain == domain && current?.jitsiAppID == appID ? current?.jitsiSecret : nil
                result.jitsiSecret = secret(jitsiSecret, "jitsiSecret", keeping: kept)
                if result.jitsiSecret == nil, !issues.contains(where: { $0.field == "jitsiSecret" }) {
                    issues.append(.init(field: "jitsiSecret", problem: .required))
                }
            } else if text(jitsiSecret, "jitsiSecret") != nil {
                issues.append(.init(field: "jitsiAppID", problem: .required))
            }
        } else if text(jitsiAppID, "jitsiAppID") != nil || text(jitsiSecret, "jitsiSecret") != nil {
            issues.append(.init(field: "jitsiDomain", problem: .required))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        return result
    }

    /// Whether the address is on this machine.
    static func isLoopback(_ address: String) -> Bool {
        let lower = address.lowercased()
        return ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"].contains { lower.hasPrefix($0) }
    }
}
