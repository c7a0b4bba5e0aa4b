import CartableCore
import Crypto
import Foundation
import Synchronization

/// The waiting room's ticket: a number given at the first refusal and kept through retries (a
/// cookie), so that a person keeps their place. Signed with HMAC-SHA256 so it cannot be forged to
/// jump the queue; nodes sharing `--ticket-secret` honour each other's tickets.
public final class WaitingRoom: Sendable {
    /// A ticket.
    public struct Ticket: Sendable, Equatable {
        /// Its number on the node that gave it (people before it have lower ones).
        public var number: UInt64
        /// When it was first given: older tickets go first, on every node.
        public var issuedAt: Date

        /// The ticket's rank for ``AdmissionController/acquire(_:ticket:)``: its age in milliseconds since 1970.
        public var rank: UInt64 { UInt64(max(0, issuedAt.timeIntervalSince1970 * 1_000)) }
    }

    private let key: SymmetricKey
    private let numbers = Mutex<(next: UInt64, served: UInt64)>((1, 0))
    /// Tickets served per second over the last seconds: how fast the room empties.
    private let servedPerSecond = Mutex<[Int64: Int]>([:])
    /// How long a ticket stays valid.
    public let lifetime: TimeInterval

    /// Creates the room; without a secret, tickets are valid on this node only.
    public init(secret: String?, lifetime: TimeInterval = 20 * 60) {
        if let secret, !secret.isEmpty {
            key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
        } else {
            key = SymmetricKey(size: .bits256)
        }
        self.lifetime = lifetime
    }

    /// A new ticket.
    public func issue(at now: Date) -> Ticket {
        let number = numbers.withLock { numbers in
            defer { numbers.next += 1 }
            return numbers.next
        }
        return Ticket(number: number, issuedAt: now)
    }

    /// The cookie value for a ticket: `number.issuedAtMillis.signature`.
    public func encode(_ ticket: Ticket) -> String {
        let payload = "\(ticket.number).\(Int64(ticket.issuedAt.timeIntervalSince1970 * 1_000))"
        return payload + "." + signature(payload)
    }

    /// The ticket in a cookie value, if well signed and not expired.
    public func decode(_ text: String, at now: Date) -> Ticket? {
        let parts = text.split(separator: ".")
        guard parts.count == 3, let number = UInt64(parts[0]), let millis = Int64(parts[1]) else { return nil }
        let payload = "\(parts[0]).\(parts[1])"
        guard SessionToken.constantTimeEquals(String(parts[2]), signature(payload)) else { return nil }
        let issuedAt = Date(timeIntervalSince1970: Double(millis) / 1_000)
        guard now.timeIntervalSince(issuedAt) < lifetime, issuedAt.timeIntervalSince(now) < 60 else { return nil }
        return Ticket(number: number, issuedAt: issuedAt)
    }

    /// A ticket was served: the place of later ones moves up.
    public func served(_ ticket: Ticket, at now: Date) {
        numbers.withLock { numbers in numbers.served = max(numbers.served, ticket.number) }
        let second = Int64(now.timeIntervalSince1970)
        servedPerSecond.withLock { counts in
            counts[second, default: 0] += 1
            if counts.count > 30 { counts = counts.filter { $0.key >= second - 10 } }
        }
    }

    /// People let in from the room per second over the last ten seconds, once at least ten were:
    /// a person's wait is their place divided by this, not by the node's requests per second (a
    /// person makes a dozen requests or more, so that estimate sent everyone back far too soon, and
    /// at saturation the retries cost the node as much as the work).
    public func pace(at now: Date) -> Double? {
        let second = Int64(now.timeIntervalSince1970)
        let served = servedPerSecond.withLock { counts in (second - 10..<second).reduce(0) { $0 + (counts[$1] ?? 0) } }
        return served >= 10 ? Double(served) / 10 : nil
    }

    /// How many people are ahead of `ticket`, counting them (1 = next).
    public func place(of ticket: Ticket) -> Int {
        numbers.withLock { numbers in
            Int(min(UInt64(Int.max), ticket.number > numbers.served ? ticket.number - numbers.served : 1))
        }
    }

    private func signature(_ payload: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key).prefix(16).hexString
    }
}
