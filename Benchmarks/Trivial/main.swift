// The reference for the flood benchmark: a bare Hummingbird 2 application, one route, serving a file's bytes (the
// same bytes as the page it is compared with), no middleware. What "the framework's speed" means in BENCHMARKS.md.
//
//   cartable-trivial PORT FILE      → GET /bytes answers FILE's content as text/html
import Foundation
import Hummingbird

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let data = FileManager.default.contents(atPath: arguments[2]) else {
    FileHandle.standardError.write(Data("usage: cartable-trivial PORT FILE\n".utf8))
    exit(2)
}
let bytes = ByteBuffer(bytes: data)
let router = Router()
router.get("/bytes") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: bytes))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil, backlog: 65_535))
try await app.runService()
