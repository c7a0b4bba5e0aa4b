import Foundation
import Synchronization

/// Failed sign-ins per account: after a few, each new try waits longer (1 s, 2 s, 4 s… up to 5 min),
/// and no account takes more than `perHour` failures an hour. A success clears the account.
public final class SignInThrottle: Sendable {
    private struct Record {
        var failures: [Date] = []
        var consecutive = 0
        var nextAllowed = Date.distantPast
    }

    /// Most failures an account may take in an hour.
    public let perHour: Int
    /// Failures allowed before delays start.
    public let freeFailures: Int
    private let records = Mutex<[String: Record]>([:])
    private let maximumKeys: Int

    /// Creates the throttle.
    public init(perHour: Int = 100, freeFailures: Int = 5, maximumKeys: Int = 100_000) {
        self.perHour = perHour
        self.freeFailures = freeFailures
        self.maximumKeys = maximumKeys
    }

    /// A try let through by ``reserve(_:at:)``: counted as a failure from the start, so that guesses
    /// arriving together cannot all pass the check while their hashes run.
    public struct Reservation: Sendable {
        /// The account tried.
        public let login: String
        /// When the failure was counted.
        let countedAt: Date
    }

    /// `nil` if `login` may try now, else the seconds to wait. Counts nothing: see ``reserve(_:at:)``.
    public func wait(for login: String, at now: Date) -> TimeInterval? {
        records.withLock { records in
            guard var record = records[login] else { return nil }
            record.failures.removeAll { now.timeIntervalSince($0) >= 3_600 }
            records[login] = record
            return Self.wait(record, now: now, perHour: perHour)
        }
    }

    /// Lets a try go ahead and counts it as a failure at once (before the password hash starts), or
    /// says how long to wait. The limit then holds however many guesses arrive together and however
    /// many cores hash them: `freeFailures` tries pass freely, the next waits. A success clears the
    /// account (``succeeded(_:)``); a try that ended for another reason (the database down) gives its
    /// count back (``cancel(_:)``).
    public func reserve(_ login: String, at now: Date) -> Result<Reservation, TooManyRequests> {
        records.withLock { records in
            if var record = records[login] {
                record.failures.removeAll { now.timeIntervalSince($0) >= 3_600 }
                records[login] = record
                if let wait = Self.wait(record, now: now, perHour: perHour) { return .failure(TooManyRequests(retryAfter: wait, isSignIn: true)) }
            }
            count(login, at: now, in: &records)
            return .success(Reservation(login: login, countedAt: now))
        }
    }

    /// Gives back a reserved try that neither failed nor succeeded (an error before the password was checked).
    public func cancel(_ reservation: Reservation) {
        records.withLock { records in
            guard var record = records[reservation.login] else { return }
            if let index = record.failures.lastIndex(of: reservation.countedAt) { record.failures.remove(at: index) }
            record.consecutive = max(0, record.consecutive - 1)
            if record.consecutive <= freeFailures { record.nextAllowed = .distantPast }
            records[reservation.login] = record.failures.isEmpty && record.consecutive == 0 ? nil : record
        }
    }

    /// Records a failed try (one not reserved).
    public func failed(_ login: String, at now: Date) {
        records.withLock { records in count(login, at: now, in: &records) }
    }

    private static func wait(_ record: Record, now: Date, perHour: Int) -> TimeInterval? {
        if record.failures.count >= perHour, let oldest = record.failures.first {
            return max(1, 3_600 - now.timeIntervalSince(oldest))
        }
        let wait = record.nextAllowed.timeIntervalSince(now)
        return wait > 0 ? wait : nil
    }

    private func count(_ login: String, at now: Date, in records: inout [String: Record]) {
        if records[login] == nil && records.count >= maximumKeys {
            records = records.filter { now.timeIntervalSince($0.value.failures.last ?? .distantPast) < 3_600 }
        }
        var record = records[login] ?? Record()
        record.failures.removeAll { now.timeIntervalSince($0) >= 3_600 }
        record.failures.append(now)
        record.consecutive += 1
        if record.consecutive > freeFailures {
            let delay = min(300, pow(2, Double(record.consecutive - freeFailures - 1)))
            record.nextAllowed = now.addingTimeInterval(delay)
        }
        records[login] = record
    }

    /// Clears an account after a successful sign-in.
    public func succeeded(_ login: String) {
        records.withLock { records in records[login] = nil }
    }
}
