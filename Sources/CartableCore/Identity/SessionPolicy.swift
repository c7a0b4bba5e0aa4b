import Foundation

/// How long sessions live.
///
/// A remembered device stays signed in for weeks, so that on the morning of a rush most pupils cost
/// no password check at all; each use pushes the end further (sliding expiry).
public struct SessionPolicy: Sendable, Hashable {
    /// Lifetime of a remembered device session, renewed by use.
    public var rememberedLifetime: TimeInterval
    /// Lifetime of a session on a shared device (no "remember me"), renewed by use.
    public var browserLifetime: TimeInterval
    /// The last-seen time is written at most this often, so reading a page does not write every time.
    public var touchInterval: TimeInterval

    /// Creates a policy; the defaults are 30 days, 12 hours and 5 minutes.
    public init(rememberedLifetime: TimeInterval = 30 * 86_400, browserLifetime: TimeInterval = 12 * 3_600, touchInterval: TimeInterval = 300) {
        self.rememberedLifetime = rememberedLifetime
        self.browserLifetime = browserLifetime
        self.touchInterval = touchInterval
    }

    /// When a session created or used at `instant` should expire.
    public func expiry(from instant: Date, isRemembered: Bool) -> Date {
        instant.addingTimeInterval(isRemembered ? rememberedLifetime : browserLifetime)
    }

    /// Whether a session seen at `lastSeen` should be touched (and its expiry pushed) at `instant`.
    public func needsTouch(lastSeen: Date, at instant: Date) -> Bool {
        instant.timeIntervalSince(lastSeen) >= touchInterval
    }
}
