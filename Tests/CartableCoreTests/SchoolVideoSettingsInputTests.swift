import CartableCore
import Foundation
import Testing

/// A school's own live-class servers as staff type them: every rule, and that a saved secret is kept, never shown.
@Suite struct SchoolVideoSettingsInputTests {
    static let school = School.ID(rawValue: "school-1")
    static let at = Date(timeIntervalSince1970: 1_795_420_800)
    static let secret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

    static func problems(_ input: SchoolVideoSettingsInput, current: SchoolVideoSettings? = nil) -> [String: FieldIssue.Problem] {
        do {
            _ = try input.validated(for: school, current: current, at: at)
            return [:]
        } catch {
            return Dictionary(error.issues.map { ($0.field, $0.problem) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test func aServerWithItsSecretIsSavedWholeWithATrailingSlash() throws {
        let settings = try SchoolVideoSettingsInput(bbbURL: " https://bbb.college.fr/bigbluebutton ", bbbSecret: Self.secret, bbbChecksum: "SHA1")
            .validated(for: Self.school, current: nil, at: Self.at)
        #expect(settings.bigBlueButtonURL == "https://bbb.college.fr/bigbluebutton/" && settings.bigBlueButtonSecret == Self.secret)
        #expect(settings.bigBlueButtonChecksum == "sha1" && settings.jitsiDomain == nil && settings.updatedAt == Self.at)
    }

    @Test func anEmptyFormMeansThePlatformsServers() throws {
        let settings = try SchoolVideoSettingsInput().validated(for: Self.school, current: nil, at: Self.at)
        #expect(settings.bigBlueButtonURL == nil && settings.bigBlueButtonSecret == nil && settings.jitsiDomain == nil)
    }

    @Test func anEmptySecretKeepsTheSavedOneOnlyForTheSameServer() throws {
        let saved = try SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/bigbluebutton/", bbbSecret: Self.secret)
            .validated(for: Self.school, current: nil, at: Self.at)
        let same = try SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/bigbluebutton/", bbbSecret: "")
            .validated(for: Self.school, current: saved, at: Self.at)
        #expect(same.bigBlueButtonSecret == Self.secret)
        // Another server: the old secret must not go to it.
        #expect(Self.problems(SchoolVideoSettingsInput(bbbURL: "https://other.example.org/bigbluebutton/"), current: saved) == ["bbbSecret": .required])
    }

    @Test(arguments: [
        (SchoolVideoSettingsInput(bbbURL: "http://bbb.college.fr/bigbluebutton/", bbbSecret: secret), ["bbbURL": FieldIssue.Problem.insecureURL]),
        (SchoolVideoSettingsInput(bbbURL: "bbb.college.fr", bbbSecret: secret), ["bbbURL": .invalidURL]),
        (SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/?x=1", bbbSecret: secret), ["bbbURL": .invalidURL]),
        (SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/", bbbSecret: "court"), ["bbbSecret": .tooShort(min: 12)]),
        (SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/", bbbSecret: "une clé avec espaces"), ["bbbSecret": .invalidChoice]),
        (SchoolVideoSettingsInput(bbbURL: "https://bbb.college.fr/", bbbSecret: secret, bbbChecksum: "md5"), ["bbbChecksum": .invalidChoice]),
        (SchoolVideoSettingsInput(bbbSecret: secret), ["bbbURL": .required]),
        (SchoolVideoSettingsInput(jitsiDomain: "visio_college"), ["jitsiDomain": .invalidURL]),
        (SchoolVideoSettingsInput(jitsiDomain: "visio.college.fr", jitsiAppID: "cartable"), ["jitsiSecret": .required]),
        (SchoolVideoSettingsInput(jitsiDomain: "visio.college.fr", jitsiSecret: secret), ["jitsiAppID": .required]),
        (SchoolVideoSettingsInput(jitsiAppID: "cartable"), ["jitsiDomain": .required]),
    ])
    func aWrongFieldIsNamed(input: SchoolVideoSettingsInput, expected: [String: FieldIssue.Problem]) {
        #expect(Self.problems(input) == expected)
    }

    @Test func aServerOnThisMachineMayBePlainHTTPForTests() throws {
        let settings = try SchoolVideoSettingsInput(bbbURL: "http://127.0.0.1:8090/bigbluebutton/", bbbSecret: Self.secret)
            .validated(for: Self.school, current: nil, at: Self.at)
        #expect(settings.bigBlueButtonURL == "http://127.0.0.1:8090/bigbluebutton/")
    }

    @Test func aJitsiWithTokensKeepsItsSecretForTheSameAppOnly() throws {
        let saved = try SchoolVideoSettingsInput(jitsiDomain: "Visio.College.fr", jitsiAppID: "cartable", jitsiSecret: Self.secret)
            .validated(for: Self.school, current: nil, at: Self.at)
        #expect(saved.jitsiDomain == "visio.college.fr" && saved.jitsiSecret == Self.secret)
        let kept = try SchoolVideoSettingsInput(jitsiDomain: "visio.college.fr", jitsiAppID: "cartable").validated(for: Self.school, current: saved, at: Self.at)
        #expect(kept.jitsiSecret == Self.secret)
        #expect(Self.problems(SchoolVideoSettingsInput(jitsiDomain: "visio.college.fr", jitsiAppID: "autre"), current: saved) == ["jitsiSecret": .required])
    }

    @Test func aSecretIsShownOnlyByItsLastFourCharacters() {
        #expect(SchoolVideoSettings.hint(of: Self.secret) == "•••• af4b")
        #expect(SchoolVideoSettings.hint(of: "short-secret") == "•••• cret")
        #expect(SchoolVideoSettings.hint(of: "tiny") == "•••• ")
        #expect(SchoolVideoSettings.hint(of: nil) == nil && SchoolVideoSettings.hint(of: "") == nil)
    }
}
