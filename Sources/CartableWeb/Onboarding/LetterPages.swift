import CartableCore
import CartableStore
import Foundation
import HTTPTypes
import Hummingbird

/// Activation letters: for a class, the pupils' (staff, or a teacher of the class) or their guardians' (staff), each
/// with a new one-time code. Printing again gives new codes: the old ones stop working.
struct LetterPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(OnboardingRoutes.letters, use: choose)
        router.post(OnboardingRoutes.letters, use: print)
    }

    struct ChoosePage: Sendable {
        struct Row: Sendable {
            var classID: String
            var name: String
            var mayPrintGuardians: Bool
        }
        var rows: [Row]
        var action: String
        var hasRows: Bool
    }

    struct PrintPage: Sendable {
        struct Letter: Sendable {
            var name: String
            var className: String
            var login: String
            var code: String
            var address: String
            var forChild: String?
        }
        var letters: [Letter]
        var school: String
        var hasLetters: Bool
        var back: String
    }

    @Sendable func choose(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard viewer.role == .staff || viewer.role == .teacher else { throw NotFound() }
        let classes = try await services.storage.schools.classes(in: viewer.schoolID)
        let rows = classes.filter {
            services.policy.allows(viewer, .printLetters(classID: $0.id, schoolID: viewer.schoolID, forGuardians: false))
        }.map { c in
            ChoosePage.Row(
                classID: c.id.rawValue, name: c.name,
                mayPrintGuardians: services.policy.allows(viewer, .printLetters(classID: c.id, schoolID: viewer.schoolID, forGuardians: true)))
        }
        var response = services.page(
            .letters, content: ChoosePage(rows: rows, action: OnboardingRoutes.letters.href, hasRows: !rows.isEmpty),
            title: context.localizer("lettersTitle"), section: .accounts, request: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func print(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        var request = request
        let form = try await request.formData(limit: 16 * 1024)
        guard let classID = form["class"].flatMap(SchoolClass.ID.init(validating:)),
            let schoolClass = try await services.storage.schools.schoolClass(classID, in: viewer.schoolID)
        else { throw NotFound() }
        let forGuardians = form["who"] == "guardians"
        guard services.policy.allows(viewer, .printLetters(classID: classID, schoolID: viewer.schoolID, forGuardians: forGuardians)) else {
            throw NotFound()
        }
        let t = context.localizer
        let onboarding = services.storage.onboarding
        let people = try await onboarding.notActivated(in: viewer.schoolID, role: forGuardians ? .guardian : .pupil, ofClass: classID)
        // One person may be chosen by a form field (`user`) to reprint one lost letter.
        let chosen = form["user"].flatMap(User.ID.init(validating:))
        let selected = chosen.map { id in people.filter { $0.id == id } } ?? people
        let codes = try await ActivationCodes.issue(for: selected, services: services, issuer: viewer.user.id, schoolID: viewer.schoolID)
        var childNames: [User.ID: String] = [:]
        if forGuardians {
            let pupils = try await services.storage.schools.pupils(ofClass: classID, in: viewer.schoolID)
            let byID = Dictionary(pupils.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for guardian in selected {
                let children = try await services.storage.identity.viewer(for: guardian.id)?.children.map(\.pupil) ?? []
                childNames[guardian.id] = children.filter { byID[$0.id] != nil }.map(\.displayName).joined(separator: ", ")
            }
        }
        let address = services.configuration.publicURL + OnboardingRoutes.activate.href
        let letters = selected.compactMap { person -> PrintPage.Letter? in
            guard let code = codes[person.id] else { return nil }
            return PrintPage.Letter(
                name: person.displayName, className: schoolClass.name, login: person.login, code: ActivationCode.printed(code),
                address: address, forChild: childNames[person.id])
        }
        try await onboarding.audit(
            AuditEntry(
                id: UUID().uuidString.lowercased(), schoolID: viewer.schoolID, actorID: viewer.user.id, at: services.clock.now(),
                action: forGuardians ? "letters.guardians" : "letters.pupils", subject: schoolClass.name,
                detail: t("auditLetters", ["count": String(letters.count)])))
        var response = services.page(
            .lettersPrint,
            content: PrintPage(
                letters: letters, school: viewer.school.name, hasLetters: !letters.isEmpty, back: OnboardingRoutes.letters.href),
            title: t("lettersPrintTitle", ["class": schoolClass.name]), section: .accounts, request: request, context: context)
        // Codes in clear: never kept by the browser or a proxy.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
