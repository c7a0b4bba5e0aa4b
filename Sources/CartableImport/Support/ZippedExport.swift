import Foundation
import ZIPFoundation

/// A zipped export (SIECLE hands out `ElevesSansAdresses.zip` holding `ElevesSansAdresses.xml`): its one file,
/// extracted to a temporary file in chunks.
enum ZippedExport {
    /// Why a zip could not be used.
    struct Failure: Error {
        /// What went wrong, for the problem's detail.
        var detail: String
    }

    /// The local file header signature every zip starts with, `PK\u{03}\u{04}`.
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Whether `bytes`, a file's start, are a zip's.
    static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    /// The export inside the zip at `url`: its one file (`__MACOSX/` metadata left aside; an XML or CSV preferred
    /// when there are several).
    private static func entry(in archive: Archive) throws(Failure) -> Entry {
        let files = archive.filter { $0.type == .file && !$0.path.hasPrefix("__MACOSX/") && !$0.path.hasSuffix("/") }
        let exports = files.filter { [".xml", ".csv", ".txt"].contains(where: $0.path.lowercased().hasSuffix) }
        if exports.count == 1 { return exports[0] }
        if exports.isEmpty, files.count == 1 { return files[0] }
        if files.isEmpty { throw Failure(detail: "the zip holds no file") }
        throw Failure(detail: "the zip holds \(files.count) files, not one export")
    }

    private static func open(_ url: URL) throws(Failure) -> Archive {
        do {
            return try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(detail: "not a readable zip (\(error))")
        }
    }

    /// Extracts the zip's export to a new temporary file, which the caller deletes.
    static func extractEntry(of url: URL) -> Result<URL, Failure> {
        do throws(Failure) {
            let archive = try open(url)
            let entry = try entry(in: archive)
            let suffix = (entry.path as NSString).pathExtension
            let target = FileManager.default.temporaryDirectory
                .appendingPathComponent("cartable-zip-entry-\(UUID().uuidString)" + (suffix.isEmpty ? "" : "." + suffix))
            do {
                _ = try archive.extract(entry, to: target)
            } catch {
                try? FileManager.default.removeItem(at: target)
                throw Failure(detail: "the zip's file cannot be extracted (\(error))")
            }
            return .success(target)
        } catch {
            return .failure(error)
        }
    }

    /// The first `count` bytes of the zip's export, decompressed, or `nil` if the zip cannot be read.
    static func start(ofEntryIn url: URL, count: Int) -> [UInt8]? {
        struct Enough: Error {}
        guard let archive = try? open(url), let entry = try? entry(in: archive) else { return nil }
        var bytes: [UInt8] = []
        do {
            _ = try archive.extract(entry, skipCRC32: true) { data in
                bytes += data.prefix(count - bytes.count)
                if bytes.count >= count { throw Enough() }
            }
        } catch is Enough {
        } catch {
            return bytes.isEmpty ? nil : bytes
        }
        return bytes
    }
}
