import ArgumentParser
import CartableCore
import CartableDemo
import CartableStore
import CartableWeb
import Foundation
import Logging

/// `cartable demo`: serves a realistic demo collège on a local SQLite file, creating it on first run.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve a demo school (about 600 pupils, 24 classes, 40 teachers) and print how to sign in.",
        discussion: "Takes the same options as serve. The school is created on the first run and reused afterwards.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration(defaultDatabase: "sqlite:data/demo.sqlite")
        Logs.bootstrap(level: try options.level(), format: try options.format())
        let logger = Logger(label: "cartable")
        let host = configuration.host
        try await Server.serve(
            configuration: configuration, logger: logger,
            prepare: { services in try await Self.prepareDemoSchool(services: services, logger: logger) },
            onRunning: { port in Self.printBanner(host: host, port: port, database: configuration.database) })
    }

    /// Creates the demo school if it is missing, and adds notebook entries for the days since it was last used.
    static func prepareDemoSchool(services: AppServices, logger: Logger) async throws {
        let storage = services.storage
        let now = services.clock.now()
        if try await storage.schools.school(uai: DemoSchool.uai) == nil {
            logger.notice("creating the demo school (first run only)")
            let demo = DemoSchool(passwordHash: try await services.passwords.hash(DemoSchool.password))
            try await storage.schools.importRoster(demo.roster, at: now)
            let today = demo.school.today(at: now)
            let entries = demo.entries(upTo: today, after: nil, createdAt: now)
            try await storage.notebook.createEntries(entries)
            try await DemoAssignments.seed(entries: entries, storage: storage, blobs: services.blobs.unscanned(), classes: demo.roster.classes, now: now)
            logger.notice("demo school ready", metadata: ["accounts": "\(demo.roster.accounts.count)", "classes": "\(demo.roster.classes.count)"])
        } else {
            let demo = DemoSchool(passwordHash: "")
            let today = demo.school.today(at: now)
            let latest = try await storage.notebook.latestSessionDate(in: demo.school.id)
            let entries = demo.entries(upTo: today, after: latest, createdAt: now)
            if !entries.isEmpty {
                do {
                    try await storage.notebook.createEntries(entries)
                    try await DemoAssignments.seed(entries: entries, storage: storage, blobs: services.blobs.unscanned(), classes: nil, now: now)
                    logger.notice("demo notebook brought up to date", metadata: ["entries": "\(entries.count)"])
                } catch {
                    logger.warning("could not bring the demo notebook up to date", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    static func printBanner(host: String, port: Int, database: DatabaseLocation) {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        print(
            """

            Cartable — démo : Collège Jean Moulin (UAI \(DemoSchool.uai))
            Ouvrez / open  http://\(shownHost):\(port)
            Données / data \(database)

            Comptes de démonstration, mot de passe « \(DemoSchool.password) » :
              élève       eleve       Léa Martin, 4e B
              parent      parent      Sophie Martin, mère de Léa (4e B) et de Hugo (6e A)
              professeur  prof        Claire Moreau, mathématiques (dont la 4e B)
              direction   direction   Jean Dupont, principal

            Ctrl-C pour arrêter / to stop.

            """)
        fflush(nil)
    }
}
