import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Staff's pages for the school's structure: the hub, classes and groups, one class (its pupils, guardians and
/// teachings), accounts never activated, the audit log and the charter. Every change passes the access policy and is
/// written with its audit entry in one transaction.
struct StructurePages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(OnboardingRoutes.school, use: hub)
        router.get(OnboardingRoutes.classes, use: classes)
        router.post(OnboardingRoutes.classes, use: createClass)
        router.get(OnboardingRoutes.schoolClass, use: showClass)
        router.post(OnboardingRoutes.schoolClass, use: changeClass)
        router.get(OnboardingRoutes.pending, use: pending)
        router.get(OnboardingRoutes.audit, use: audit)
        router.get(OnboardingRoutes.charter, use: charter)
        router.post(OnboardingRoutes.charter, use: saveCharter)
    }

    private func requireStaff(_ context: AppRequestContext) throws -> Viewer {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editStructure(schoolID: viewer.schoolID)) else { throw NotFound() }
        return viewer
    }

    private func render<Content: Sendable>(
        _ template: ViewRenderer.Template, _ content: Content, title: String, status: HTTPResponse.Status = .ok, request: Request,
        context: AppRequestContext
    ) -> Response {
        var response = services.page(template, content: content, title: title, section: .accounts, request: request, context: context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct HubPage: Sendable {
        var notActivated: Int
        var school: String
        var uai: String
    }

    @Sendable func hub(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireStaff(context)
        let pending = try await services.storage.onboarding.notActivated(in: viewer.schoolID, role: nil, ofClass: nil).count
        return render(
            .school, HubPage(notActivated: pending, school: viewer.school.name, uai: viewer.school.uai), title: context.localizer("schoolTitle"),
            request: request, context: context)
    }

    struct ClassesPage: Sendable {
        struct Row: Sendable {
            var name: String
            var kind: String
            var level: String
            var href: String
            var isClosed: Bool
        }
        var rows: [Row]
        var action: String
        var values: [String: String]
        var errors: [String: String]
    }

    @Sendable func classes(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireStaff(context)
        return try await classesPage(viewer: viewer, values: ["level": ""], errors: [:], status: .ok, request: request, context: context)
    }

    private func classesPage(
        viewer: Viewer, values: [String: String], errors: [String: String], status: HTTPResponse.Status, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let snapshot = try await services.storage.onboarding.snapshot(of: viewer.schoolID)
        let rows = snapshot.classes.sorted {
            ($0.isClosed ? 1 : 0, $0.schoolClass.kind.rawValue, $0.schoolClass.name) < ($1.isClosed ? 1 : 0, $1.schoolClass.kind.rawValue, $1.schoolClass.name)
        }.map { s in
            ClassesPage.Row(
                name: s.schoolClass.name, kind: t("classKind_\(s.schoolClass.kind.rawValue)"), level: s.schoolClass.level,
                href: OnboardingRoutes.schoolClass.href(s.schoolClass.id), isClosed: s.isClosed)
        }
        return render(
            .structureClasses, ClassesPage(rows: rows, action: OnboardingRoutes.classes.href, values: values, errors: errors),
            title: t("structureClassesTitle"), status: status, request: request, context: context)
    }

    private func audit(_ viewer: Viewer, _ action: String, subject: String, detail: String = "") -> AuditEntry {
        AuditEntry(
            id: UUID().uuidString.lowercased(), schoolID: viewer.schoolID, actorID: viewer.user.id, at: services.clock.now(), action: action,
            subject: subject, detail: detail)
    }

    static func checkedName(_ text: String?) -> (String, FieldIssue.Problem?) {
        let name = TextRules.clean(text)
        if name.isEmpty { return (name, .required) }
        if name.count > 60 { return (name, .tooLong(max: 60)) }
        return (name, nil)
    }

    @Sendable func createClass(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireStaff(context)
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let t = context.localizer
        let (name, nameProblem) = Self.checkedName(form["name"])
        let kind = SchoolClass.Kind(rawValue: form["kind"] ?? "")
        let level = TextRules.clean(form["level"])
        var errors: [String: String] = [:]
        if let nameProblem { errors["name"] = t.problem(nameProblem) }
        if kind == nil { errors["kind"] = t.problem(.invalidChoice) }
        if level.count > 10 { errors["level"] = t.problem(.tooLong(max: 10)) }
        let values = ["name": name, "level": level, "kind": form["kind"] ?? ""]
        guard errors.isEmpty, let kind else {
            return try await classesPage(viewer: viewer, values: values, errors: errors, status: .unprocessableContent, request: request, context: context)
        }
        let created = SchoolClass(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, name: name, kind: kind,
            level: level.isEmpty ? ImportPlan.level(ofDivision: name) : level)
        do {
            _ = try await services.storage.onboarding.change(.createClass(created), in: viewer.schoolID, audit: audit(viewer, "class.create", subject: name))
        } catch StoreError.duplicate {
            return try await classesPage(
                viewer: viewer, values: values, errors: ["name": t("structureNameTaken")], status: .conflict, request: request, context: context)
        }
        return services.redirect(to: OnboardingRoutes.schoolClass.href(created.id), notice: "classCreated")
    }

    struct ClassPage: Sendable {
        struct Person: Sendable {
            var id: String
            var name: String
            var login: String
            var notActivated: Bool
        }
        struct TeachingRow: Sendable {
            var teacherID: String
            var teacher: String
            var subject: String
        }
        struct Option: Sendable {
            var id: String
            var name: String
        }
        var id: String
        var name: String
        var kind: String
        var isGroup: Bool
        var isClosed: Bool
        var pupils: [Person]
        var hasPupils: Bool
        var teachings: [TeachingRow]
        var divisions: [Option]
        var teachers: [Option]
        var action: String
        var lettersAction: String
        var errors: [String: String]
        var values: [String: String]
    }

    @Sendable func showClass(request: Request, context: AppRequestContext, id: SchoolClass.ID) async throws -> Response {
        let viewer = try requireStaff(context)
        return try await classPage(id, viewer: viewer, errors: [:], values: [:], status: .ok, request: request, context: context)
    }

    private func classPage(
        _ id: SchoolClass.ID, viewer: Viewer, errors: [String: String], values: [String: String], status: HTTPResponse.Status, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let t = context.localizer
        let snapshot = try await services.storage.onboarding.snapshot(of: viewer.schoolID)
        guard let structure = snapshot.classes.first(where: { $0.schoolClass.id == id }) else { throw NotFound() }
        let pending = Set(try await services.storage.onboarding.notActivated(in: viewer.schoolID, role: .pupil, ofClass: id).map(\.id))
        let pupils = try await services.storage.schools.pupils(ofClass: id, in: viewer.schoolID)
        let teachings = try await services.storage.schools.teachings(ofClass: id, in: viewer.schoolID)
        let teachers = snapshot.people.filter { $0.role == .teacher && !$0.isDisabled }.sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        let content = ClassPage(
            id: id.rawValue, name: structure.schoolClass.name, kind: t("classKind_\(structure.schoolClass.kind.rawValue)"),
            isGroup: structure.schoolClass.kind == .group, isClosed: structure.isClosed,
            pupils: pupils.map { .init(id: $0.id.rawValue, name: $0.displayName, login: $0.login, notActivated: pending.contains($0.id)) },
            hasPupils: !pupils.isEmpty,
            teachings: teachings.map { .init(teacherID: $0.teaching.teacherID.rawValue, teacher: $0.teacherName, subject: $0.teaching.subject) },
            divisions: snapshot.classes.filter { $0.schoolClass.kind == .division && !$0.isClosed && $0.schoolClass.id != id }
                .sorted { $0.schoolClass.name < $1.schoolClass.name }.map { .init(id: $0.schoolClass.id.rawValue, name: $0.schoolClass.name) },
            teachers: teachers.map { .init(id: $0.id.rawValue, name: "\($0.lastName) \($0.firstName)") },
            action: OnboardingRoutes.schoolClass.href(id), lettersAction: OnboardingRoutes.letters.href, errors: errors, values: values)
        return render(.structureClass, content, title: structure.schoolClass.name, status: status, request: request, context: context)
    }

    @Sendable func changeClass(request: Request, context: AppRequestContext, id: SchoolClass.ID) async throws -> Response {
        let viewer = try requireStaff(context)
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        let t = context.localizer
        guard let current = try await services.storage.onboarding.snapshot(of: viewer.schoolID).classes.first(where: { $0.schoolClass.id == id })
        else { throw NotFound() }
        let className = current.schoolClass.name
        func refuse(_ field: String, _ message: String, status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
            try await classPage(id, viewer: viewer, errors: [field: message], values: ["name": form["name"] ?? "", "subject": form["subject"] ?? "", "guardian": form["guardian"] ?? "", "pupil": form["pupil"] ?? ""], status: status, request: request, context: context)
        }
        func person(_ field: String, _ role: Role) async throws -> User? {
            if let userID = form[field].flatMap(User.ID.init(validating:)) {
                return try await services.storage.identity.user(userID, in: viewer.schoolID).flatMap { $0.role == role ? $0 : nil }
            }
            let login = TextRules.clean(form[field]).lowercased()
            guard !login.isEmpty, let found = try await services.storage.identity.credentials(forLogin: login)?.user,
                found.schoolID == viewer.schoolID, found.role == role
            else { return nil }
            return found
        }
        let change: StructureChange
        let entry: AuditEntry
        switch form["do"] ?? "" {
        case "rename":
            let (name, problem) = Self.checkedName(form["name"])
            if let problem { return try await refuse("name", t.problem(problem)) }
            change = .renameClass(id, name: name)
            entry = audit(viewer, "class.rename", subject: className, detail: name)
        case "close", "reopen":
            let closing = form["do"] == "close"
            change = .setClassClosed(id, closed: closing)
            entry = audit(viewer, closing ? "class.close" : "class.reopen", subject: className)
        case "move":
            guard let pupil = try await person("pupil", .pupil) else { return try await refuse("pupil", t.problem(.invalidChoice)) }
            guard let to = form["to"].flatMap(SchoolClass.ID.init(validating:)) else { return try await refuse("to", t.problem(.invalidChoice)) }
            change = .movePupil(pupil.id, toDivision: to)
            entry = audit(viewer, "pupil.move", subject: pupil.displayName, detail: className)
        case "join", "leave":
            guard current.schoolClass.kind == .group else { return try await refuse("pupil", t.problem(.invalidChoice)) }
            guard let pupil = try await person("pupil", .pupil) else { return try await refuse("pupil", t("structureNoSuchPupil")) }
            let joining = form["do"] == "join"
            change = .setGroupMember(pupil.id, group: id, member: joining)
            entry = audit(viewer, joining ? "group.join" : "group.leave", subject: pupil.displayName, detail: className)
        case "link", "unlink":
            guard let pupil = try await person("pupil", .pupil) else { return try await refuse("guardian", t.problem(.invalidChoice)) }
            guard let guardian = try await person("guardian", .guardian) else { return try await refuse("guardian", t("structureNoSuchGuardian")) }
            let linking = form["do"] == "link"
            change = .setGuardianship(guardianID: guardian.id, pupilID: pupil.id, linked: linking)
            entry = audit(viewer, linking ? "guardian.link" : "guardian.unlink", subject: guardian.displayName, detail: pupil.displayName)
        case "teach", "endTeaching":
            guard let teacher = try await person("teacher", .teacher) else { return try await refuse("teacher", t.problem(.invalidChoice)) }
            let subject = TextRules.clean(form["subject"])
            if subject.isEmpty { return try await refuse("subject", t.problem(.required)) }
            if subject.count > 80 { return try await refuse("subject", t.problem(.tooLong(max: 80))) }
            let adding = form["do"] == "teach"
            change = .setTeaching(Teaching(teacherID: teacher.id, classID: id, subject: subject), active: adding)
            entry = audit(viewer, adding ? "teaching.add" : "teaching.end", subject: teacher.displayName, detail: "\(className) · \(subject)")
        default:
            return try await refuse("do", t.problem(.invalidChoice))
        }
        do {
            guard try await services.storage.onboarding.change(change, in: viewer.schoolID, audit: entry) else { throw NotFound() }
        } catch StoreError.duplicate {
            return try await refuse("name", t("structureNameTaken"), status: .conflict)
        }
        return services.redirect(to: OnboardingRoutes.schoolClass.href(id), notice: "structureSaved")
    }

    struct PendingPage: Sendable {
        struct Row: Sendable {
            var name: String
            var login: String
            var role: String
        }
        var rows: [Row]
        var count: Int
        var lettersHref: String
    }

    @Sendable func pending(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireStaff(context)
        let t = context.localizer
        let people = try await services.storage.onboarding.notActivated(in: viewer.schoolID, role: nil, ofClass: nil)
        let rows = people.prefix(500).map { PendingPage.Row(name: $0.displayName, login: $0.login, role: t.role($0.role)) }
        return render(
            .pending, PendingPage(rows: Array(rows), count: people.count, lettersHref: OnboardingRoutes.letters.href), title: t("pendingTitle"),
            request: request, context: context)
    }

    struct AuditPage: Sendable {
        struct Row: Sendable {
            var when: String
            var who: String
            var what: String
            var subject: String
            var detail: String
        }
        var rows: [Row]
    }

    @Sendable func audit(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try requireStaff(context)
        let t = context.localizer
        let entries = try await services.storage.onboarding.auditLog(of: viewer.schoolID, limit: 300)
        let rows = entries.map { e in
            AuditPage.Row(
                when: t.dateTime(e.at, in: viewer.school.timeZone), who: e.actorName ?? t("auditCommandLine"), what: t("audit_\(e.action)"),
                subject: e.subject, detail: e.action == "import" ? "" : e.detail)
        }
        return render(.audit, AuditPage(rows: rows), title: t("auditTitle"), request: request, context: context)
    }

    struct CharterPage: Sendable {
        var text: String
        var action: String
        var errors: [String: String]
    }

    @Sendable func charter(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editCharter(schoolID: viewer.schoolID)) else { throw NotFound() }
        let text = try await services.storage.onboarding.charter(of: viewer.schoolID) ?? context.localizer("charterDefault")
        return render(
            .charter, CharterPage(text: text, action: OnboardingRoutes.charter.href, errors: [:]), title: context.localizer("charterTitle"),
            request: request, context: context)
    }

    @Sendable func saveCharter(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .editCharter(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: 64 * 1024)
        let text = TextRules.clean(form["text"], multiline: true)
        let t = context.localizer
        let problem: FieldIssue.Problem? = text.isEmpty ? .required : text.count > 20_000 ? .tooLong(max: 20_000) : nil
        if let problem {
            return render(
                .charter, CharterPage(text: text, action: OnboardingRoutes.charter.href, errors: ["text": t.problem(problem)]),
                title: t("charterTitle"), status: .unprocessableContent, request: request, context: context)
        }
        try await services.storage.onboarding.setCharter(text, of: viewer.schoolID, by: viewer.user.id, at: services.clock.now())
        return services.redirect(to: OnboardingRoutes.school.href, notice: "charterSaved")
    }
}
