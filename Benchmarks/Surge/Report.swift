import Foundation
import Synchronization

/// Everything the run measures, shared by every person's task.
final class Stats: Sendable {
    struct Kind {
        /// Milliseconds of answers that were served (not the waiting room, not a 429).
        var served: [Double] = []
        /// Milliseconds of waiting-room and 429 answers.
        var refused: [Double] = []
        var statuses: [Int: Int] = [:]
    }

    struct People {
        var finished = 0
        var gaveUp = 0
        var sawWaitingRoom = 0
        var waits: [Double] = []
        var active = 0
        var arrived = 0
        var noWork = 0
    }

    /// Live classes: pupils sent in (seconds from their press to the redirect, waiting pages included), the
    /// waiting pages shown, pupils refused (by status), teachers who started their class, and their failures.
    struct Joins {
        var entered: [Double] = []
        var waitingPages = 0
        var notEntered: [Int: Int] = [:]
        var teachersStarted = 0
        var teacherFailures: [Int: Int] = [:]
    }

    let kinds = Mutex<[String: Kind]>([:])
    let joins = Mutex(Joins())
    let socketErrors = Mutex<[String: Int]>([:])
    let people = Mutex(People())
    let otherServerErrors = Mutex(0)
    /// Idle keep-alive connections the node had closed, reopened before sending (not errors: nothing was lost or sent).
    let idleReopened = Mutex(0)
    let requests = Mutex(0)

    func record(_ kind: String, status: Int, milliseconds: Double, refused: Bool) {
        kinds.withLock { kinds in
            if refused {
                kinds[kind, default: Kind()].refused.append(milliseconds)
            } else {
                kinds[kind, default: Kind()].served.append(milliseconds)
            }
            kinds[kind, default: Kind()].statuses[status, default: 0] += 1
        }
        requests.withLock { $0 += 1 }
        if status >= 500 && !refused { otherServerErrors.withLock { $0 += 1 } }
    }

    func socketError(_ reason: String) {
        // Keep the kind of error, not the port numbers in it.
        let key = String(reason.prefix(60))
        socketErrors.withLock { $0[key, default: 0] += 1 }
    }
}

/// What every pupil was told was saved, to check against the database afterwards.
final class Ledger: Sendable {
    struct Acknowledged {
        var assignmentID: String
        var revision: Int = 0
        var text: String = ""
        var handInID: String?
    }

    let byLogin = Mutex<[String: Acknowledged]>([:])

    func acknowledgeDraft(login: String, assignmentID: String, revision: Int, text: String) {
        byLogin.withLock {
            var entry = $0[login] ?? Acknowledged(assignmentID: assignmentID)
            if revision > entry.revision {
                entry.revision = revision
                entry.text = text
            }
            $0[login] = entry
        }
    }

    func acknowledgeHandIn(login: String, assignmentID: String, handInID: String, text: String, revision: Int) {
        byLogin.withLock {
            var entry = $0[login] ?? Acknowledged(assignmentID: assignmentID)
            entry.handInID = handInID
            if revision > entry.revision {
                entry.revision = revision
                entry.text = text
            }
            $0[login] = entry
        }
    }
}

/// Percentiles of a list of milliseconds.
func percentiles(_ values: [Double]) -> (p50: Double, p90: Double, p99: Double, max: Double) {
    guard !values.isEmpty else { return (0, 0, 0, 0) }
    let sorted = values.sorted()
    func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
    return (at(0.50), at(0.90), at(0.99), sorted[sorted.count - 1])
}

func format(_ value: Double) -> String {
    value < 10 ? String(format: "%.1f", value) : String(format: "%.0f", value)
}

/// CPU seconds and peak memory of a process, from /proc.
struct ProcessUsage {
    var cpuSeconds: Double
    var peakMegabytes: Double
    var currentMegabytes: Double

    init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        cpuSeconds = (user + system) / ticks
        func kilobytes(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
            return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        peakMegabytes = kilobytes("VmHWM:") / 1024
        currentMegabytes = kilobytes("VmRSS:") / 1024
    }
}
