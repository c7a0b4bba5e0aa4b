import ArgumentParser
import CartableCore
import CartableStore
import Foundation
import Logging

/// `cartable banner …`: the platform's operator puts an urgent banner at the top of every page of every school
/// ("les classes virtuelles de 9h sont reportées à 9h30"), or takes it down (staff put up their own school's in Cartable).
struct BannerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banner", abstract: "Show an urgent banner on every page of every school, or take it down.", subcommands: [Show.self, End.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an urgent banner to everyone, from now.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "What everyone reads (200 characters at most).") var text: String
        @Option(help: "How long it stays, in minutes (5 to 2160).") var minutes: Int = 120

        func run() async throws {
            guard let checked = try? BannerInput(text: text, minutes: String(minutes)).validated() else {
                throw ValidationError("The text must have 1 to 200 characters, and the banner stay 5 to 2160 minutes.")
            }
            Logs.bootstrap(level: .warning)
            let id = Banner.ID.make(using: RandomIdentifierGenerator())
            try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let now = Date()
                try await Storage(database: database).announcements.addBanner(
                    Banner(id: id, schoolID: nil, text: checked.text, startsAt: now, endsAt: now.addingTimeInterval(TimeInterval(checked.minutes * 60)), createdBy: nil))
            }
            print("Banner \(id) shown to every school for \(checked.minutes) minutes.")
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take the platform's banner down now.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The banner's id, as `banner show` printed it.") var id: String

        func run() async throws {
            guard let bannerID = Banner.ID(validating: id) else { throw ValidationError("Not a banner id: \(id).") }
            Logs.bootstrap(level: .warning)
            let ended = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                try await Storage(database: database).announcements.endBanner(bannerID, in: nil, at: Date())
            }
            guard ended else { throw ValidationError("No platform banner \(id) is showing.") }
            print("Banner \(id) taken down.")
        }
    }
}
