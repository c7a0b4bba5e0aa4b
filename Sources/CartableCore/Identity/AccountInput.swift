/// A new account as typed by staff in the accounts page, the CLI or the API.
public struct AccountInput: Sendable, Hashable, Codable {
    /// Sign-in name.
    public var login: String?
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// `pupil`, `guardian`, `teacher` or `staff`.
    public var role: String?
    /// The first password.
    public var password: String?

    /// Creates an input.
    public init(login: String? = nil, firstName: String? = nil, lastName: String? = nil, role: String? = nil, password: String? = nil) {
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.role = role
        self.password = password
    }

    /// A checked account, ready to be stored once the password is hashed.
    public struct Checked: Sendable, Hashable {
        /// Sign-in name, lowercase.
        public var login: String
        /// First name.
        public var firstName: String
        /// Last name.
        public var lastName: String
        /// Role.
        public var role: Role
        /// The password, to hash.
        public var password: String
    }

    /// Checks every field at once.
    public func validated() throws(ValidationError) -> Checked {
        var issues: [FieldIssue] = []
        let login = TextRules.clean(login).lowercased()
        if let problem = AccountRules.problem(withLogin: login) { issues.append(.init(field: "login", problem: problem)) }
        let firstName = TextRules.clean(firstName)
        if let problem = AccountRules.problem(withName: firstName) { issues.append(.init(field: "firstName", problem: problem)) }
        let lastName = TextRules.clean(lastName)
        if let problem = AccountRules.problem(withName: lastName) { issues.append(.init(field: "lastName", problem: problem)) }
        let role = Role(rawValue: TextRules.clean(role))
        if role == nil { issues.append(.init(field: "role", problem: .invalidChoice)) }
        let password = password ?? ""
        if let problem = AccountRules.problem(withPassword: password) { issues.append(.init(field: "password", problem: problem)) }
        guard issues.isEmpty, let role else { throw ValidationError(issues) }
        return Checked(login: login, firstName: firstName, lastName: lastName, role: role, password: password)
    }
}

/// Rules for sign-in names, people's names and passwords.
public enum AccountRules {
    /// Allowed length of a sign-in name.
    public static let loginLength = 3...64
    /// Longest first or last name.
    public static let nameLength = 80
    /// Allowed length of a password, in bytes: bcrypt reads at most 72.
    public static let passwordLength = 8...72

    /// What is wrong with a sign-in name, if anything.
    public static func problem(withLogin login: String) -> FieldIssue.Problem? {
        if login.isEmpty { return .required }
        if login.count < loginLength.lowerBound { return .tooShort(min: loginLength.lowerBound) }
        if login.count > loginLength.upperBound { return .tooLong(max: loginLength.upperBound) }
        let allowed = login.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
        return allowed ? nil : .invalidLogin
    }

    /// What is wrong with a first or last name, if anything.
    public static func problem(withName name: String) -> FieldIssue.Problem? {
        if name.isEmpty { return .required }
        if name.count > nameLength { return .tooLong(max: nameLength) }
        return nil
    }

    /// What is wrong with a new password, if anything.
    public static func problem(withPassword password: String) -> FieldIssue.Problem? {
        if password.isEmpty { return .required }
        if password.utf8.count < passwordLength.lowerBound { return .tooShort(min: passwordLength.lowerBound) }
        if password.utf8.count > passwordLength.upperBound { return .tooLong(max: passwordLength.upperBound) }
        return nil
    }
}
