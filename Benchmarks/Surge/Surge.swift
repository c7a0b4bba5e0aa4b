import ArgumentParser

/// The surge benchmark's load tool: `seed` a database with collèges, then `run` the 9:00 morning against a node.
@main
struct Surge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartable-surge", abstract: "Replay the 9:00 surge of DESIGN.md §5 against a Cartable node.",
        subcommands: [SeedCommand.self, RunCommand.self, VerifyCommand.self, RateCommand.self, RollCommand.self, StreamsCommand.self])
}
