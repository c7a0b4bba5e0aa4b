import CartableCore
import CartableStore
import Foundation
import Synchronization

/// The live-class servers a school uses: its own where its staff set them (`/admin/video`), else the platform's
/// (`--bbb-url`, `--jitsi-domain`…). Each server comes whole from one side: a school's BigBlueButton address with its
/// own secret, never the platform's. One client per BigBlueButton server, so that each keeps its own single flight;
/// a school's settings are read again after a few seconds (a change reaches every node within that).
final class VideoServers: Sendable {
    let platform: VideoSettings
    private let store: any VideoSettingsStore
    private let clock: any WallClock
    private let schools: BoundedCache<School.ID, VideoSettings>
    private let clients = Mutex<[String: BigBlueButtonClient]>([:])
    /// How long a school's settings are used before they are read again.
    static let kept: TimeInterval = 10

    init(platform: VideoSettings, store: any VideoSettingsStore, clock: any WallClock) {
        self.platform = platform
        self.store = store
        self.clock = clock
        schools = BoundedCache(capacity: 20_000, lifetime: Self.kept, clock: clock)
    }

    /// The settings in force for the school: its own servers over the platform's.
    func settings(for schoolID: School.ID) async throws -> VideoSettings {
        if let known = schools.value(forKey: schoolID) { return known }
        let own = try await store.settings(of: schoolID)
        let merged = Self.merge(own, over: platform)
        schools.store(merged, forKey: schoolID)
        return merged
    }

    /// Forgets what this node knows of the school's settings (after its staff saved them).
    func forget(_ schoolID: School.ID) {
        schools.removeValue(forKey: schoolID)
    }

    /// The school's servers over the platform's, each server whole.
    static func merge(_ own: SchoolVideoSettings?, over platform: VideoSettings) -> VideoSettings {
        var merged = platform
        guard let own else { return merged }
        if let url = own.bigBlueButtonURL, let secret = own.bigBlueButtonSecret {
            merged.bigBlueButtonURL = url
            merged.bigBlueButtonSecret = secret
            merged.bigBlueButtonChecksum = own.bigBlueButtonChecksum
        }
        if let domain = own.jitsiDomain {
            merged.jitsiDomain = domain
            merged.jitsiAppID = own.jitsiAppID
            merged.jitsiSecret = own.jitsiAppID == nil ? nil : own.jitsiSecret
        }
        return merged
    }

    /// The client of the settings' BigBlueButton server, if they have one (made once per server).
    func bigBlueButton(_ settings: VideoSettings) -> BigBlueButtonClient? {
        guard let url = settings.bigBlueButtonURL, let secret = settings.bigBlueButtonSecret else { return nil }
        let key = url + "\n" + secret + "\n" + settings.bigBlueButtonChecksum
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            // Secrets changed often would pile clients up: a few hundred servers is already a large region.
            if clients.count >= 1_000 { clients.removeAll() }
            let client = BigBlueButtonClient(settings: settings, clock: clock)
            clients[key] = client
            return client
        }
    }
}
