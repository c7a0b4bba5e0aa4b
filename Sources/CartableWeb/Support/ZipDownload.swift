import CartableStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A zip archive sent as it is written: texts and stored files, one after the other, never gathered
/// in memory or on disk first (a class's hand-ins, a person's data).
enum ZipDownload {
    /// What an entry holds.
    enum Source: Sendable {
        /// A text written into the archive.
        case text(String)
        /// A stored file, by its blob key (a file missing from the store is left empty).
        case blob(String)
    }

    /// The response: `name` as the downloaded file's name, `items` in order.
    static func response(name: String, items: [(path: String, source: Source)], zip: ZipStream, blobs: BlobStore) -> Response {
        let body = ResponseBody { [zip, items] writer in
            var zip = zip
            for item in items {
                try await writer.write(zip.beginEntry(name: item.path))
                var crc = CRC32()
                switch item.source {
                case .text(let text):
                    let buffer = ByteBuffer(string: text)
                    try zip.entryData(buffer, crc: &crc)
                    try await writer.write(buffer)
                case .blob(let key):
                    if let path = blobs.path(for: key), let handle = FileHandle(forReadingAtPath: path) {
                        defer { try? handle.close() }
                        while true {
                            let chunk = handle.readData(ofLength: 64 * 1024)
                            if chunk.isEmpty { break }
                            let buffer = ByteBuffer(bytes: chunk)
                            try zip.entryData(buffer, crc: &crc)
                            try await writer.write(buffer)
                        }
                    }
                }
                try await writer.write(zip.endEntry(crc: crc))
            }
            try await writer.write(zip.finish())
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(FileDownload.asciiName(name))\"; filename*=UTF-8''\(Route.escape(name))",
            ], body: body)
    }
}
