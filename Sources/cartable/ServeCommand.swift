import ArgumentParser
import CartableWeb
import Logging

/// `cartable serve`: runs a node.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve Cartable (migrates the database first). Stops cleanly on SIGTERM or Ctrl-C.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration(defaultDatabase: "sqlite:data/cartable.sqlite")
        Logs.bootstrap(level: try options.level(), format: try options.format())
        let logger = Logger(label: "cartable")
        logger.info("starting", metadata: ["database": "\(configuration.database)"])
        try await Server.serve(configuration: configuration, logger: logger)
    }
}
