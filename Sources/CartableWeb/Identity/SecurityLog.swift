import CartableCore
import CartableStore
import Foundation
import Hummingbird
import Logging

/// Writes the school's security log. A write that fails is logged and does not fail what it records:
/// a sign-in must not be refused because its log line could not be written.
struct SecurityLog: Sendable {
    let services: AppServices

    /// Records `kind` about `subject`, done by `actor`, from `address` and `device`.
    func record(
        _ kind: SecurityEvent.Kind, schoolID: School.ID, actor: User.ID?, subject: User.ID?, address: String? = nil, device: String? = nil
    ) async {
        let event = SecurityEvent(
            id: .make(using: services.identifiers), schoolID: schoolID, at: services.clock.now(), kind: kind, actorID: actor, subjectID: subject,
            address: address, device: device)
        do {
            try await services.storage.securityLog.record(event)
        } catch {
            services.logger.warning("could not write the security log", metadata: ["kind": "\(kind.rawValue)", "error": "\(error)"])
        }
    }
}

extension AppRequestContext {
    /// The client's address as the node believes it (through trusted proxies only), for the security log.
    func clientAddress(_ request: Request, proxies: TrustedProxies) -> String {
        RateLimitMiddleware.clientAddress(request, context: self, proxies: proxies)
    }
}
