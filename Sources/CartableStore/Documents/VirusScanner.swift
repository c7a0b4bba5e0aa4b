import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// What a virus scan found.
public enum ScanVerdict: Sendable, Hashable {
    /// Nothing.
    case clean
    /// A known threat, by name.
    case infected(String)
}

/// Scans a file before it is stored.
public protocol VirusScanner: Sendable {
    /// Scans the file at `path`; throws ``ScannerUnavailable`` if the scan could not be done (the
    /// upload is then refused, or stored unscanned if the operator chose ``ScanFallback/accept``).
    func scan(fileAt path: String) async throws -> ScanVerdict
}

/// The scanner could not scan (not reachable, closed the connection, timed out, answered an error).
public struct ScannerUnavailable: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for the log.
    public var reason: String
    public var description: String { "virus scanner unavailable: \(reason)" }
}

/// What an upload does when the virus scanner cannot scan it.
public enum ScanFallback: String, Sendable, CaseIterable {
    /// Refused with "try again later" (the default).
    case refuse
    /// Stored unscanned, with a warning in the log.
    case accept
}

/// ClamAV's daemon, over TCP (`host:port`) or a Unix socket (`/run/clamav/clamd.ctl`), with its `INSTREAM` command.
public struct ClamdScanner: VirusScanner {
    /// Where clamd listens.
    public enum Address: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    /// Where clamd listens.
    public let address: Address

    /// Reads `tcp:host:port`, `host:port` or a path starting with `/`.
    public init?(_ text: String) {
        if text.hasPrefix("/") {
            address = .unix(path: text)
            return
        }
        let rest = text.hasPrefix("tcp:") ? String(text.dropFirst(4)) : text
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        address = .tcp(host: String(rest[..<colon]), port: port)
    }

    public func scan(fileAt path: String) async throws -> ScanVerdict {
        let address = self.address
        do {
            return try await NIOThreadPool.singleton.runIfActive { try Self.scanBlocking(path: path, address: address) }
        } catch {
            throw ScannerUnavailable(reason: "\(error)")
        }
    }

    /// The answer clamd gives for a stream, e.g. `stream: OK` or `stream: Eicar-Signature FOUND`.
    static func verdict(from reply: String) throws -> ScanVerdict {
        let text = reply.trimmingCharacters(in: CharacterSet(charactersIn: "\0\n "))
        if text.hasSuffix(" OK") || text == "OK" { return .clean }
        if text.hasSuffix(" FOUND") {
            let body = text.dropLast(" FOUND".count)
            let name = body.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? String(body)
            return .infected(name)
        }
        throw ClamdError(message: "clamd answered: \(text)")
    }

    struct ClamdError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func scanBlocking(path: String, address: Address) throws -> ScanVerdict {
        let socketFD = try connect(address)
        defer { close(socketFD) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try sendAll(socketFD, Array("zINSTREAM\0".utf8))
        guard let file = FileHandle(forReadingAtPath: path) else { throw ClamdError(message: "cannot read \(path)") }
        defer { try? file.close() }
        while true {
            let chunk = file.readData(ofLength: 64 * 1024)
            if chunk.isEmpty { break }
            var length = UInt32(chunk.count).bigEndian
            try sendAll(socketFD, withUnsafeBytes(of: &length) { Array($0) })
            try sendAll(socketFD, Array(chunk))
        }
        try sendAll(socketFD, [0, 0, 0, 0])
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while reply.count < 4096 {
            let count = recv(socketFD, &buffer, buffer.count, 0)
            if count <= 0 { break }
            reply.append(contentsOf: buffer[0..<count])
            if reply.contains(0) { break }
        }
        return try verdict(from: String(decoding: reply, as: UTF8.self))
    }

    private static func sendAll(_ socketFD: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw ClamdError(message: "clamd closed the connection") }
            offset += sent
        }
    }

    private static func connect(_ address: Address) throws -> Int32 {
        switch address {
        case .unix(let path):
            let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard socketFD >= 0 else { throw ClamdError(message: "no socket") }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let pathBytes = Array(path.utf8)
            guard pathBytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw ClamdError(message: "socket path too long") }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
            }
            let result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard result == 0 else {
                close(socketFD)
                throw ClamdError(message: "cannot reach clamd at \(path)")
            }
            return socketFD
        case .tcp(let host, let port):
            var hints = addrinfo(
                ai_flags: 0, ai_family: AF_UNSPEC, ai_socktype: Int32(SOCK_STREAM.rawValue), ai_protocol: 0,
                ai_addrlen: 0, ai_addr: nil, ai_canonname: nil, ai_next: nil)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
                throw ClamdError(message: "cannot resolve \(host)")
            }
            defer { freeaddrinfo(list) }
            var current: UnsafeMutablePointer<addrinfo>? = first
            while let info = current {
                let socketFD = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                if socketFD >= 0 {
                    if Glibc.connect(socketFD, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return socketFD }
                    close(socketFD)
                }
                current = info.pointee.ai_next
            }
            throw ClamdError(message: "cannot reach clamd at \(host):\(port)")
        }
    }
}
