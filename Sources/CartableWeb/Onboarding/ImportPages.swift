import CartableCore
import CartableImport
import CartableStore
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import NIOPosix

/// Staff import their school's exports: upload, preview (nothing applied), confirm (all or nothing), history.
struct ImportPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(OnboardingRoutes.importFiles, use: form)
        router.post(OnboardingRoutes.importFiles, use: preview)
        router.post(OnboardingRoutes.applyImport, use: apply)
        router.get(OnboardingRoutes.csvTemplate, use: template)
    }

    private func requireImporter(_ context: AppRequestContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .importRecords(schoolID: viewer.schoolID)) else { throw NotFound() }
        return viewer
    }

    struct FormPage: Sendable {
        struct Past: Sendable {
            var when: String
            var files: String
            var year: String?
            var lines: [String]
        }
        var action: String
        var past: [Past]
        var hasPast: Bool
        var uai: String
        var error: String?
    }

    @Sendable func form(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireImporter(context)
        return try await formPage(viewer: viewer, error: nil, status: .ok, request: request, context: context)
    }

    private func formPage(viewer: Viewer, error: String?, status: HTTPResponse.Status, request: Request, context: AppRequestContext) async throws
        -> Response
    {
        let t = context.localizer
        let past = try await services.storage.onboarding.imports(of: viewer.schoolID, limit: 20).map { record in
            FormPage.Past(
                when: t.dateTime(record.createdAt, in: viewer.school.timeZone), files: record.files.joined(separator: ", "),
                year: record.schoolYear, lines: ImportPreview.lines(record.summary, t: t))
        }
        let content = FormPage(
            action: OnboardingRoutes.importFiles.href(query: ["_csrf": context.csrfToken]), past: past, hasPast: !past.isEmpty,
            uai: viewer.school.uai, error: error)
        var response = services.page(.importForm, content: content, title: t("importTitle"), section: .accounts, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Reads and plans the staged files of an upload, off the event loops (a large lycée's export takes a few seconds).
    private func plan(_ files: [(url: URL, name: String)], viewer: Viewer, confirmed: Set<String>) async throws -> (ImportFiles, ImportPlan) {
        let uai = viewer.school.uai
        let read = try await NIOThreadPool.singleton.runIfActive { try ImportFiles.read(files, expectedUAI: uai) }
        let snapshot = try await services.storage.onboarding.snapshot(of: viewer.schoolID)
        let identifiers = services.identifiers
        let plan = try await NIOThreadPool.singleton.runIfActive {
            ImportPlan.make(
                records: read.records, snapshot: snapshot, scope: read.scope, schoolID: viewer.schoolID, confirmed: confirmed,
                identifiers: identifiers)
        }
        return (read, plan)
    }

    @Sendable func preview(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireImporter(context)
        let t = context.localizer
        let upload: ImportUpload
        do {
            upload = try await ImportUpload.read(request, blobs: services.blobs, now: services.clock.now())
        } catch let error as BlobTooLarge {
            return try await formPage(
                viewer: viewer, error: t.problem(.fileTooLarge(max: error.limit)), status: .contentTooLarge, request: request, context: context)
        } catch let error as ValidationError {
            return try await formPage(
                viewer: viewer, error: error.issues.first.map { t.problem($0.problem) }, status: .unprocessableContent, request: request,
                context: context)
        }
        guard !upload.files.isEmpty else {
            ImportUpload.remove(upload.token, blobs: services.blobs)
            return try await formPage(viewer: viewer, error: t("importNoFile"), status: .unprocessableContent, request: request, context: context)
        }
        let (read, plan) = try await plan(upload.files, viewer: viewer, confirmed: [])
        if !plan.canApply { ImportUpload.remove(upload.token, blobs: services.blobs) }
        return previewPage(read, plan, token: upload.token, viewer: viewer, request: request, context: context)
    }

    private func previewPage(
        _ read: ImportFiles, _ plan: ImportPlan, token: String, viewer: Viewer, request: Request, context: AppRequestContext
    ) -> Response {
        let content = ImportPreview(read, plan, token: token, action: OnboardingRoutes.applyImport.href, t: context.localizer)
        var response = services.page(
            .importPreview, content: content, title: context.localizer("importPreviewTitle"), section: .accounts, request: request,
            context: context, status: plan.canApply ? .ok : .unprocessableContent)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func apply(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireImporter(context)
        var request = request
        let form = try await request.formData(limit: 64 * 1024)
        let token = form["token"] ?? ""
        guard let files = ImportUpload.staged(token, blobs: services.blobs) else {
            return try await formPage(
                viewer: viewer, error: context.localizer("importGone"), status: .unprocessableContent, request: request, context: context)
        }
        let confirmed = Set(form.all("confirm").map { String($0.prefix(100)) })
        let (read, plan) = try await plan(files, viewer: viewer, confirmed: confirmed)
        guard plan.canApply else {
            ImportUpload.remove(token, blobs: services.blobs)
            return previewPage(read, plan, token: token, viewer: viewer, request: request, context: context)
        }
        let record = try await services.storage.onboarding.apply(
            plan, to: viewer.schoolID, by: viewer.user.id, files: read.files.map(\.name), at: services.clock.now())
        ImportUpload.remove(token, blobs: services.blobs)
        services.logger.info(
            "import applied", metadata: ["school": "\(viewer.school.uai)", "import": "\(record.id)", "added": "\(plan.peopleToAdd.count)"])
        return services.redirect(to: OnboardingRoutes.importFiles.href, notice: "importApplied")
    }

    @Sendable func template(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireImporter(context)
        let kind = request.queryData["kind"] ?? "pupils"
        let text: String
        switch kind {
        case "pupils": text = CSVTemplates.pupils
        case "guardians": text = CSVTemplates.guardians
        case "teachers": text = CSVTemplates.teachers
        default: throw NotFound()
        }
        // With a BOM, so that a spreadsheet opens it as UTF-8.
        var body = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
        body.writeString(text)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"cartable-\(kind).csv\"",
                .cacheControl: "no-store",
            ], body: .init(byteBuffer: body))
    }
}

/// The preview of an import: counts, lists of what changes (the first ones of each), problems, uncertain teachers.
public struct ImportPreview: Sendable {
    struct Group: Sendable {
        var title: String
        var count: Int
        var names: [String]
        var more: String?
    }

    struct Match: Sendable {
        var externalID: String
        var text: String
    }

    var files: [String]
    var year: String?
    var lines: [String]
    var groups: [Group]
    var problems: [String]
    var hasProblems: Bool
    var matches: [Match]
    var hasMatches: Bool
    var isEmpty: Bool
    var token: String
    var action: String
    var canApply: Bool

    static let shown = 30

    init(_ read: ImportFiles, _ plan: ImportPlan, token: String, action: String, t: Localizer) {
        files = read.files.map { file in "\(file.name) — \(file.kind.map { t("exportKind_\($0.rawValue)") } ?? t("exportKindUnknown"))" }
        year = plan.schoolYear
        lines = Self.lines(plan.summary, t: t)
        func group(_ key: String, _ names: [String]) -> Group? {
            guard !names.isEmpty else { return nil }
            return Group(
                title: t(key), count: names.count, names: Array(names.prefix(Self.shown)),
                more: names.count > Self.shown ? t("importMore", ["count": String(names.count - Self.shown)]) : nil)
        }
        let role: (Role) -> String = { t.role($0) }
        groups = [
            group("importClassesAdded", plan.classesToAdd.map { "\($0.schoolClass.name) (\(t("classKind_\($0.schoolClass.kind.rawValue)")))" }),
            group("importClassesClosed", plan.classesToClose.map(\.schoolClass.name)),
            group(
                "importPeopleAdded",
                plan.peopleToAdd.map { "\($0.displayName) — \(role($0.role))\($0.className.map { " · \($0)" } ?? "")" }),
            group("importMoves", plan.moves.map { "\($0.pupil.displayName): \($0.from ?? "—") → \($0.to)" }),
            group(
                "importPeopleChanged",
                plan.peopleToChange.map { change in
                    change.isComingBack ? "\(change.after.displayName) — \(t("importComingBack"))"
                        : "\(change.before.displayName) → \(change.after.displayName)"
                }),
            group("importPeopleDeactivated", plan.peopleToDeactivate.map { "\($0.displayName) — \(role($0.role))" }),
        ].compactMap { $0 }
        problems = plan.problems.prefix(200).map { Self.problem($0, t: t) }
        if plan.problems.count > 200 { problems.append(t("importMore", ["count": String(plan.problems.count - 200)])) }
        hasProblems = !problems.isEmpty
        matches = plan.uncertainMatches.map { match in
            Match(
                externalID: match.record.externalID,
                text: t(
                    "importMaybeSame",
                    [
                        "file": "\(match.record.firstName) \(match.record.lastName)\(match.record.birthDate.map { " (\(t.day($0)))" } ?? "")",
                        "known": "\(match.known.displayName) (\(match.known.login))",
                    ]))
        }
        hasMatches = !matches.isEmpty
        isEmpty = plan.isEmpty && plan.canApply
        self.token = token
        self.action = action
        canApply = plan.canApply && !plan.isEmpty
    }

    /// The summary in sentences, leaving out what is zero.
    public static func lines(_ s: ImportSummary, t: Localizer) -> [String] {
        let pairs: [(String, Int)] = [
            ("sumPupilsAdded", s.pupilsAdded), ("sumPupilsMoved", s.pupilsMoved), ("sumPupilsChanged", s.pupilsChanged),
            ("sumPupilsDeactivated", s.pupilsDeactivated), ("sumGuardiansAdded", s.guardiansAdded), ("sumGuardiansChanged", s.guardiansChanged),
            ("sumGuardiansDeactivated", s.guardiansDeactivated), ("sumTeachersAdded", s.teachersAdded), ("sumTeachersChanged", s.teachersChanged),
            ("sumTeachersDeactivated", s.teachersDeactivated), ("sumClassesAdded", s.classesAdded), ("sumGroupsAdded", s.groupsAdded),
            ("sumClassesClosed", s.classesClosed), ("sumClassesReopened", s.classesReopened), ("sumEnrolmentsAdded", s.enrolmentsAdded),
            ("sumEnrolmentsRemoved", s.enrolmentsRemoved), ("sumLinksAdded", s.linksAdded), ("sumLinksRemoved", s.linksRemoved),
            ("sumTeachingsAdded", s.teachingsAdded), ("sumTeachingsEnded", s.teachingsEnded), ("sumUncertain", s.uncertainMatches),
            ("sumSkippedLeft", s.skippedLeft), ("sumSkippedNoNationalID", s.skippedNoNationalID), ("sumSkippedInactive", s.skippedInactive),
            ("sumProblems", s.problems),
        ]
        return pairs.filter { $0.1 > 0 }.map { t($0.0, ["count": String($0.1)]) }
    }

    /// A problem in a sentence, with its file and line.
    public static func problem(_ problem: SchoolRecords.LineProblem, t: Localizer) -> String {
        let text: String
        switch problem.kind {
        case .notThisKindOfFile(let expected): text = t("importNotThisKind", ["what": expected])
        case .unreadable(let detail): text = t("importUnreadable", ["detail": String(detail.prefix(200))])
        case .otherSchool(let found, let expected): text = t("importOtherSchool", ["found": found, "expected": expected])
        case .missingField(let field): text = t("importMissingField", ["field": field])
        case .badDate(let value): text = t("importBadDate", ["value": String(value.prefix(40))])
        case .duplicateID(let id): text = t("importDuplicate", ["id": String(id.prefix(120))])
        case .unknownReference(let what): text = t("importUnknownReference", ["what": String(what.prefix(120))])
        case .unknownColumn(let name): text = t("importUnknownColumn", ["name": String(name.prefix(60))])
        case .badValue(let field, let value): text = t("importBadValue", ["field": field, "value": String(value.prefix(60))])
        }
        let file = t("importSource_\(problem.source.rawValue)")
        return problem.line > 0 ? t("importProblemAt", ["file": file, "line": String(problem.line), "text": text]) : "\(file) : \(text)"
    }
}
