import Foundation

/// The error page's content.
struct ErrorPage {
    var heading: String
    var message: String
    var issues: [String]
    var hasIssues: Bool
    var retry: Bool
    var backHref: String
    var backLabel: String

    init(heading: String, message: String, issues: [String], retry: Bool, backHref: String, backLabel: String) {
        self.heading = heading
        self.message = message
        self.issues = issues
        self.hasIssues = !issues.isEmpty
        self.retry = retry
        self.backHref = backHref
        self.backLabel = backLabel
    }
}
