import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging

/// The privacy page, linked from every page's footer: what is kept, why, for how long, who to ask.
/// Its text is the school's (set by staff), else the platform's (set by the operator), else the built-in one.
struct PrivacyPages: Sendable {
    let services: AppServices

    /// Longest text a school may set.
    static let maximumLength = 20_000

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(PrivacyRoutes.privacy, use: privacy)
        router.get(PrivacyRoutes.privacyText, use: form)
        router.post(PrivacyRoutes.privacyText, use: save)
        router.get(PrivacyRoutes.personalData, use: personalData)
    }

    /// Everything Cartable holds about a person of the school, as one archive: `donnees.json` (each
    /// table that records them; never a password hash, token or two-factor secret), their files, and a
    /// note that says what is inside.
    @Sendable func personalData(request: Request, context: AppRequestContext, userID: User.ID) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let user = try await services.storage.identity.user(userID, in: viewer.schoolID),
            services.policy.allows(viewer, .exportPersonalData(user)),
            let data = try await services.storage.personalData.personalData(of: user.id, in: viewer.schoolID)
        else { throw NotFound() }
        let now = services.clock.now()
        var zip = ZipStream(date: now)
        var items: [(path: String, source: ZipDownload.Source)] = []
        let t = context.localizer
        items.append((zip.uniqueName("LISEZMOI.txt"), .text(t("personalDataReadMe", ["name": user.displayName, "login": user.login]) + "\n")))
        items.append((zip.uniqueName("donnees.json"), .text(try Self.json(data, exportedAt: now))))
        for file in data.files {
            items.append((zip.uniqueName("fichiers/\(file.folder)/\(ZipStream.safeName(file.name))"), .blob(file.key)))
        }
        context.logger.notice("personal data exported", metadata: ["subject": "\(user.id)"])
        return ZipDownload.response(name: ZipStream.safeName("\(user.login) \(now.formatted(.iso8601.year().month().day()))") + ".zip", items: items, zip: zip, blobs: services.blobs)
    }

    /// The sections as JSON: instants (columns ending in `_at`) in ISO 8601, flags and counts as numbers.
    static func json(_ data: PersonalData, exportedAt: Date) throws -> String {
        var sections: [String: Any] = [:]
        for section in data.sections {
            sections[section.name] = section.rows.map { row in
                Dictionary(row.map { column, value -> (String, Any) in
                    switch value {
                    case .null: (column, NSNull())
                    case .integer(let number) where column.hasSuffix("_at"):
                        (column, Date(timeIntervalSince1970: Double(number) / 1000).formatted(.iso8601))
                    case .integer(let number): (column, Int(number))
                    case .real(let number): (column, number)
                    case .text(let text): (column, text)
                    case .blob(let bytes): (column, Data(bytes).base64EncodedString())
                    }
                }, uniquingKeysWith: { first, _ in first })
            }
        }
        let document: [String: Any] = ["exportedAt": exportedAt.formatted(.iso8601), "sections": sections]
        let bytes = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: bytes, as: UTF8.self) + "\n"
    }

    @Sendable func privacy(request: Request, context: AppRequestContext) async throws -> Response {
        let t = context.localizer
        var text: String?
        if let viewer = context.viewer { text = try await services.storage.privacy.text(of: viewer.schoolID) }
        let editHref = context.viewer.flatMap { viewer in
            services.policy.allows(viewer, .setPrivacyText(schoolID: viewer.schoolID)) ? PrivacyRoutes.privacyText.href : nil
        }
        let page = PrivacyPage(
            schoolText: text, platformText: services.configuration.privacyText, securityLogDays: services.configuration.securityLogDays,
            editHref: editHref, t: t)
        return services.page(.privacy, content: page, title: t("privacyTitle"), section: .none, request: request, context: context)
    }

    @Sendable func form(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .setPrivacyText(schoolID: viewer.schoolID)) else { throw NotFound() }
        let text = try await services.storage.privacy.text(of: viewer.schoolID) ?? ""
        return formPage(text: text, error: nil, request: request, context: context)
    }

    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .setPrivacyText(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: 64 * 1024)
        let text = TextRules.clean(form["text"], multiline: true)
        guard text.count <= Self.maximumLength else {
            return formPage(
                text: text, error: context.localizer.problem(.tooLong(max: Self.maximumLength)), request: request, context: context,
                status: .unprocessableContent)
        }
        try await services.storage.privacy.setText(text, of: viewer.schoolID, by: viewer.user.id, at: services.clock.now())
        return services.redirect(to: PrivacyRoutes.privacy.href, notice: "privacySaved")
    }

    func formPage(text: String, error: String?, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        services.page(
            .privacyForm, content: PrivacyFormPage(text: text, error: error, action: PrivacyRoutes.privacyText.href),
            title: context.localizer("privacyEditTitle"), section: .accounts, request: request, context: context, status: status)
    }
}
