import CartableCore
import Foundation
import Testing

/// Quiet hours and when an e-mail may go.
@Suite struct NotificationSettingsTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!

    /// `day` (YYYY-MM-DD) at `hour`:`minute` in Paris.
    static func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDate(iso: day)!.instant(atMinute: hour * 60 + minute, in: paris)
    }

    @Test func aGuardiansQuietHoursAreTheEveningTheNightAndTheWeekend() {
        let quiet = QuietHours.guardianDefault
        #expect(!quiet.contains(Self.at("2026-11-23", 18, 59), in: Self.paris), "Monday 18:59")
        #expect(quiet.contains(Self.at("2026-11-23", 19), in: Self.paris))
        #expect(quiet.contains(Self.at("2026-11-24", 7, 29), in: Self.paris))
        #expect(!quiet.contains(Self.at("2026-11-24", 7, 30), in: Self.paris))
        #expect(quiet.contains(Self.at("2026-11-28", 12), in: Self.paris), "Saturday noon")
        #expect(!QuietHours(from: 19 * 60, to: 7 * 60 + 30, weekends: false).contains(Self.at("2026-11-28", 12), in: Self.paris))
        #expect(QuietHours(from: 12 * 60, to: 14 * 60, weekends: false).contains(Self.at("2026-11-23", 13), in: Self.paris), "a span within a day")
    }

    @Test func theEndOfQuietHoursIsTheFirstMinuteOutside() {
        let quiet = QuietHours.guardianDefault
        #expect(quiet.end(after: Self.at("2026-11-23", 22), in: Self.paris) == Self.at("2026-11-24", 7, 30), "Monday 22:00 → Tuesday 7:30")
        #expect(quiet.end(after: Self.at("2026-11-27", 20), in: Self.paris) == Self.at("2026-11-30", 7, 30), "Friday evening → Monday 7:30")
        let noon = Self.at("2026-11-23", 12)
        #expect(quiet.end(after: noon, in: Self.paris) == noon, "not quiet: now")
    }

    @Test func anEmailIsDueSoonAtEighteenOrOnFridayNeverInQuietHours() {
        var settings = NotificationSettings(userID: .init(rawValue: "u"), email: "a@b.fr", emailMode: .immediate, quiet: .guardianDefault)
        let monday9 = Self.at("2026-11-23", 9)
        #expect(settings.emailDue(after: monday9, in: Self.paris) == monday9.addingTimeInterval(10))
        #expect(settings.emailDue(after: Self.at("2026-11-23", 22), in: Self.paris) == Self.at("2026-11-24", 7, 30), "written at 22:00")
        settings.emailMode = .daily
        #expect(settings.emailDue(after: monday9, in: Self.paris) == Self.at("2026-11-23", 18))
        settings.emailMode = .weekly
        #expect(settings.emailDue(after: monday9, in: Self.paris) == Self.at("2026-11-27", 18))
        settings.emailMode = .off
        #expect(settings.emailDue(after: monday9, in: Self.paris) == nil)
        settings.emailMode = .immediate
        settings.email = nil
        #expect(settings.emailDue(after: monday9, in: Self.paris) == nil, "no address, no e-mail")
    }

    @Test func settingsAreChecked() throws {
        let id = User.ID(rawValue: "u")
        #expect(throws: ValidationError.self) { try NotificationSettingsInput(email: "pas une adresse", mode: "immediate").validated(for: id, token: nil) }
        #expect(throws: ValidationError.self) { try NotificationSettingsInput(email: "", mode: "daily").validated(for: id, token: nil) }
        #expect(throws: ValidationError.self) { try NotificationSettingsInput(email: "a@b.fr", mode: "hourly").validated(for: id, token: nil) }
        #expect(throws: ValidationError.self) { try NotificationSettingsInput(quietOn: true, quietFrom: "25:00", quietTo: "07:00").validated(for: id, token: nil) }
        #expect(throws: ValidationError.self) { try NotificationSettingsInput(email: "a@b.fr\r\nBcc: x@y.fr", mode: "immediate").validated(for: id, token: nil) }
        let saved = try NotificationSettingsInput(email: " sophie@exemple.fr ", mode: "weekly", quietOn: true, quietFrom: "20:00", quietTo: "7:00",
            quietWeekends: true).validated(for: id, token: "t")
        #expect(saved.email == "sophie@exemple.fr" && saved.emailMode == .weekly && saved.quiet == QuietHours(from: 1200, to: 420, weekends: true))
        #expect(saved.unsubscribeToken == "t")
    }
}
