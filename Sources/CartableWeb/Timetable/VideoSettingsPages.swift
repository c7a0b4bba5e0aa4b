import CartableCore
import CartableStore
import Hummingbird
import Logging

/// Staff's form for the school's own live-class servers (`/admin/video`): what it leaves empty comes from the
/// platform. A secret is never shown back: the form says only that one is saved and how it ends.
struct VideoSettingsPages: Sendable {
    let services: AppServices

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get(TimetableRoutes.videoSettings, use: show)
        router.post(TimetableRoutes.videoSettings, use: save)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageVideo(schoolID: viewer.schoolID)) else { throw NotFound() }
        let current = try await services.storage.videoSettings.settings(of: viewer.schoolID)
        return form(current: current, values: VideoSettingsPage.values(of: current), errors: nil, request: request, context: context)
    }

    /// Saves the settings (`remove` puts the platform's back); a refused form shows again, with nothing saved.
    @Sendable func save(request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard services.policy.allows(viewer, .manageVideo(schoolID: viewer.schoolID)) else { throw NotFound() }
        var request = request
        let form = try await request.formData(limit: services.configuration.maximumBodySize)
        let current = try await services.storage.videoSettings.settings(of: viewer.schoolID)
        if form["remove"] != nil {
            try await services.storage.videoSettings.removeSettings(of: viewer.schoolID)
            services.video.forget(viewer.schoolID)
            services.logger.notice("school video settings removed", metadata: ["school": "\(viewer.schoolID)", "by": "\(viewer.user.id)"])
            return services.redirect(to: TimetableRoutes.videoSettings.href, notice: "videoSettingsSaved")
        }
        let input = SchoolVideoSettingsInput(
            bbbURL: form["bbbURL"], bbbSecret: form["bbbSecret"], bbbChecksum: form["bbbChecksum"], jitsiDomain: form["jitsiDomain"],
            jitsiAppID: form["jitsiAppID"], jitsiSecret: form["jitsiSecret"])
        do {
            let settings = try input.validated(for: viewer.schoolID, current: current, at: services.clock.now())
            try await services.storage.videoSettings.setSettings(settings)
            services.video.forget(viewer.schoolID)
            // Which servers, never their secrets.
            services.logger.notice(
                "school video settings saved",
                metadata: [
                    "school": "\(viewer.schoolID)", "by": "\(viewer.user.id)", "bbb": "\(settings.bigBlueButtonURL ?? "-")",
                    "jitsi": "\(settings.jitsiDomain ?? "-")",
                ])
            return services.redirect(to: TimetableRoutes.videoSettings.href, notice: "videoSettingsSaved")
        } catch let error as ValidationError {
            // What was typed comes back, except the secrets.
            var values = VideoSettingsPage.values(of: nil)
            for name in ["bbbURL", "bbbChecksum", "jitsiDomain", "jitsiAppID"] { values[name] = form[name] ?? "" }
            return self.form(current: current, values: values, errors: error, request: request, context: context)
        }
    }

    private func form(
        current: SchoolVideoSettings?, values: [String: String], errors: ValidationError?, request: Request, context: AppRequestContext
    ) -> Response {
        let t = context.localizer
        let page = VideoSettingsPage(current: current, platform: services.configuration.video, values: values, errors: errors, t: t)
        return services.page(
            .videoSettings, content: page, title: t("videoTitle"), section: .classes, request: request, context: context,
            status: errors == nil ? .ok : .unprocessableContent)
    }
}

/// The video settings form: the school's values, hints of its saved secrets, and what the platform offers.
struct VideoSettingsPage {
    var values: [String: String]
    var errors: [String: String]
    var hasErrors: Bool
    /// "•••• 9f3a" for a saved secret, else `nil`.
    var bbbSecretHint: String?
    var jitsiSecretHint: String?
    var isSHA1: Bool
    /// What the platform offers when the school sets nothing (addresses only).
    var platformBBB: String?
    var platformJitsi: String?
    var hasOwn: Bool

    init(current: SchoolVideoSettings?, platform: VideoSettings, values: [String: String], errors: ValidationError?, t: Localizer) {
        self.values = values
        self.errors = errors.map { t.fieldErrors($0) } ?? [:]
        hasErrors = errors != nil
        bbbSecretHint = SchoolVideoSettings.hint(of: current?.bigBlueButtonSecret).map { t("videoSecretSaved", ["hint": $0]) }
        jitsiSecretHint = SchoolVideoSettings.hint(of: current?.jitsiSecret).map { t("videoSecretSaved", ["hint": $0]) }
        isSHA1 = values["bbbChecksum"] == "sha1"
        platformBBB = platform.availableKinds.contains("bbb") ? platform.bigBlueButtonURL : nil
        platformJitsi = platform.jitsiDomain
        hasOwn = current != nil
    }

    /// The form's fields for the saved settings (never the secrets).
    static func values(of settings: SchoolVideoSettings?) -> [String: String] {
        [
            "bbbURL": settings?.bigBlueButtonURL ?? "", "bbbChecksum": settings?.bigBlueButtonChecksum ?? "sha256",
            "jitsiDomain": settings?.jitsiDomain ?? "", "jitsiAppID": settings?.jitsiAppID ?? "",
        ]
    }
}
