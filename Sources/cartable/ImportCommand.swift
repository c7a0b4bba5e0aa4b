import ArgumentParser
import CartableCore
import CartableImport
import CartableStore
import CartableWeb
import Foundation
import Logging

/// `cartable import …`: a school's exports from the command line, with `--dry-run` to see the preview only.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a school's exports (SIECLE, STS-web or CSV), or write sample exports.",
        subcommands: [Files.self, Sample.self], defaultSubcommand: Files.self)

    struct Files: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "files",
            abstract: "Read the files, print what would change, and apply it in one transaction (unless --dry-run).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The school's UAI code (e.g. 0759999Z).") var school: String
        @Flag(help: "Print the preview only; change nothing.") var dryRun = false
        @Option(help: "STS-web ids of teachers to take as the known teacher proposed (repeatable).") var confirm: [String] = []
        @Argument(help: "The files: ElevesSansAdresses.xml (or .zip), ResponsablesAvecAdresses.xml, Nomenclature.xml, sts_emp_….xml, or CSV.")
        var files: [String]

        func run() async throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one file.") }
            let urls = try files.map { path -> (url: URL, name: String) in
                let url = URL(fileURLWithPath: path)
                guard FileManager.default.isReadableFile(atPath: url.path) else { throw ValidationError("Cannot read \(path).") }
                return (url, url.lastPathComponent)
            }
            let uai = school.uppercased()
            let dryRun = self.dryRun
            let confirmed = Set(confirm)
            Logs.bootstrap(level: .warning)
            let started = Date()
            let output = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let storage = Storage(database: database)
                guard let school = try await storage.schools.school(uai: uai) else { throw ValidationError("No school has the UAI code \(uai).") }
                let read = try ImportFiles.read(urls, expectedUAI: uai)
                let snapshot = try await storage.onboarding.snapshot(of: school.id)
                let plan = ImportPlan.make(
                    records: read.records, snapshot: snapshot, scope: read.scope, schoolID: school.id, confirmed: confirmed,
                    identifiers: RandomIdentifierGenerator())
                var lines = ImportCommand.describe(read, plan)
                guard plan.canApply else {
                    lines.append("Nothing applied: the files have problems.")
                    return (lines, false)
                }
                if dryRun || plan.isEmpty {
                    lines.append(plan.isEmpty ? "Nothing to change." : "Dry run: nothing applied.")
                    return (lines, true)
                }
                let record = try await storage.onboarding.apply(plan, to: school.id, by: nil, files: read.files.map(\.name), at: Date())
                lines.append("Applied (import \(record.id)).")
                return (lines, true)
            }
            for line in output.0 { print(line) }
            print(String(format: "Took %.1f s.", Date().timeIntervalSince(started)))
            if !output.1 { throw ExitCode(2) }
        }
    }

    /// The preview in English, for the terminal.
    static func describe(_ read: ImportFiles, _ plan: ImportPlan) -> [String] {
        let t = Localizer(.en)
        var lines = read.files.map { "File \($0.name): \($0.kind.map { t("exportKind_\($0.rawValue)") } ?? "not recognised")" }
        if let year = plan.schoolYear { lines.append("School year \(year)") }
        lines += ImportPreview.lines(plan.summary, t: t)
        for problem in plan.problems.prefix(50) { lines.append("Problem: " + ImportPreview.problem(problem, t: t)) }
        for match in plan.uncertainMatches where !match.isConfirmed {
            lines.append(
                "To check: \(match.record.firstName) \(match.record.lastName) (STS-web id \(match.record.externalID)) may be \(match.known.login); --confirm \(match.record.externalID) to match them")
        }
        return lines
    }

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write made-up SIECLE and STS-web exports for a school, to try the import (and for its benchmark).")

        @Option(help: "The school's UAI code.") var uai: String = "0759999Z"
        @Option(help: "How many pupils.") var pupils: Int = 600
        @Option(help: "college or lycee.") var kind: String = "college"
        @Option(help: "The school year the files are for.") var year: Int = 2026
        @Option(help: "Write the next year's files too, with this many leavers and newcomers.") var nextYear: Int?
        @Option(help: "The folder to write to.") var output: String

        func run() async throws {
            guard (1...20_000).contains(pupils) else { throw ValidationError("Between 1 and 20,000 pupils.") }
            let sampleKind: SampleSchool.Kind
            switch kind {
            case "college": sampleKind = .college
            case "lycee": sampleKind = .lycee
            default: throw ValidationError("The kind is college or lycee.")
            }
            let folder = URL(fileURLWithPath: output, isDirectory: true)
            let school = SampleSchool(uai: uai.uppercased(), year: year, pupils: pupils, kind: sampleKind, seed: 2026)
            let first = folder.appendingPathComponent("\(year)")
            try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
            for url in try school.write(to: first) { print(url.path) }
            if let nextYear {
                let next = school.nextYear(leavers: nextYear, newcomers: nextYear)
                let second = folder.appendingPathComponent("\(year + 1)")
                try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
                for url in try next.write(to: second) { print(url.path) }
            }
        }
    }
}
