import ArgumentParser

/// `cartable`: the school's digital workspace, from one binary.
@main
struct Cartable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartable",
        abstract: "Cartable: the school's digital workspace (homework notebook, work to hand in, documents).",
        discussion: """
            Options can also be given as environment variables (CARTABLE_PORT, CARTABLE_DATABASE, …); a flag wins over \
            its variable, which wins over the default.
            """,
        subcommands: [ServeCommand.self, DemoCommand.self, MigrateCommand.self, SchoolCommand.self, UserCommand.self, IncidentCommand.self, MessagingCommand.self, BannerCommand.self, ImportCommand.self],
        defaultSubcommand: nil)
}
