import CartableCore

/// A real school's onboarding: activation, imports, letters, the structure pages; each path written once.
enum OnboardingRoutes {
    /// First sign-in: the login and the code from the letter.
    static let activate = Path("/activate")
    /// First sign-in, second step: the charter and the password (the form posts here).
    static let activateFinish = Path("/activate/finish")
    /// Staff's page for the school: import, letters, classes, accounts not activated, audit log, charter.
    static let school = Path("/school")
    /// Imports: the upload form and past imports; the files are posted here and the preview comes back.
    static let importFiles = Path("/school/import")
    /// Applies a previewed import (`token` in the form).
    static let applyImport = Path("/school/import/apply")
    /// A CSV template (`?kind=pupils|guardians|teachers`).
    static let csvTemplate = Path("/school/import/template.csv")
    /// Activation letters: choose a class; the form posts here and the printable letters come back.
    static let letters = Path("/school/letters")
    /// Classes and groups: the list and the form to create one.
    static let classes = Path("/school/classes")
    /// One class: rename, close or reopen it, move its pupils, link guardians, add and end teachings.
    static let schoolClass = Path1<SchoolClass.ID>("/school/classes/:classID")
    /// Accounts never activated.
    static let pending = Path("/school/pending")
    /// The audit log of the school's structure.
    static let audit = Path("/school/audit")
    /// The school's charter, accepted on first sign-in.
    static let charter = Path("/school/charter")

    static let all: [any DeclaredPath] = [
        activate, activateFinish, school, importFiles, applyImport, csvTemplate, letters, classes, schoolClass, pending, audit, charter,
    ]
}
