import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

@testable import CartableWeb

/// Admission by criticality, the bounded queue, the waiting room and its ticket. Functional, not timed.
@Suite struct AdmissionTests {
    /// Waits (politely) until `controller` has `count` requests waiting in memory.
    func waitUntilQueued(_ controller: AdmissionController, _ count: Int) async throws {
        for _ in 0..<2_000 where controller.load.waiting < count { try await Task.sleep(for: .milliseconds(1)) }
        #expect(controller.load.waiting == count)
    }

    @Test func writesGoFirstThenMembersSignInsGuardiansAndAnyoneElse() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 10, maximumWait: .seconds(60))
        #expect(await controller.acquire(.member) == .admitted)
        let order = Recorder<Criticality>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for criticality in [Criticality.anonymous, .guardian, .signIn, .member, .write] {
                group.addTask {
                    #expect(await controller.acquire(criticality) == .admitted)
                    order.append(criticality)
                    controller.release(criticality)
                }
                try await waitUntilQueued(controller, Criticality.allCases.firstIndex(of: criticality).map { 5 - $0 } ?? 0)
            }
            controller.release(.member)
            try await group.waitForAll()
        }
        #expect(order.items == [.write, .member, .signIn, .guardian, .anonymous])
        #expect(controller.load.inFlight == 0)
    }

    @Test func underASustainedOverloadALongQueueIsRefusedAtOnceButWritesStillWait() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 100, maximumWait: .seconds(6))
        // The node finished 20 requests a second over the last ten seconds: a measured pace of 20 a second.
        let now = Date()
        for second in 1...10 {
            for _ in 0..<20 {
                #expect(await controller.acquire(.member) == .admitted)
                controller.release(.member, at: now.addingTimeInterval(-Double(second)))
            }
        }
        #expect(await controller.acquire(.member) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            // 60 waiting readers take 3 s at that pace: half the longest wait, still worth queueing.
            for _ in 0..<60 { group.addTask { await controller.acquire(.member) } }
            try await waitUntilQueued(controller, 60)
            // The 61st would wait longer: it is told at once, and the queue is unchanged.
            #expect(await controller.acquire(.member) == .waitingRoom)
            #expect(controller.load.waiting == 60)
            // A write has nobody ahead of it: it waits for a slot.
            group.addTask { await controller.acquire(.write) }
            try await waitUntilQueued(controller, 61)
            controller.release(.member)
            #expect(try await group.next() == .admitted)
            group.cancelAll()
        }
    }

    /// At 9:00 the load comes as a step: after nine quiet seconds and one busy one, the node is as fast as its busy
    /// second, not a tenth of it, so a flood's requests wait in memory instead of going to the waiting room in a loop.
    @Test func atAStepOfLoadThePaceIsTheBusySecondNotTheAverage() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 1_000, maximumWait: .seconds(4))
        // 200 requests finished a second ago, none in the nine seconds before.
        let past = Date().addingTimeInterval(-1)
        for _ in 0..<200 {
            #expect(await controller.acquire(.member) == .admitted)
            controller.release(.member, at: past)
        }
        #expect(await controller.acquire(.member) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            // At 200 a second, 400 waiting readers take 2 s, half the longest wait: still worth queueing (the ten
            // seconds' average, 20 a second, would have let 40 wait and sent the rest away).
            for _ in 0..<400 { group.addTask { await controller.acquire(.member) } }
            try await waitUntilQueued(controller, 400)
            #expect(await controller.acquire(.member) == .waitingRoom, "the 401st would wait longer: told at once")
            #expect(controller.load.waiting == 400)
            group.cancelAll()
        }
    }

    @Test func atMostHalfAsManySignInsAsSlotsWaitInMemoryTheRestAreToldAtOnce() async throws {
        let controller = AdmissionController(limit: 10, queueLimit: 100, maximumWait: .seconds(60), signInLimit: 4)
        #expect(controller.signInQueueLimit == 2)
        // Four sign-ins hashing (one per core), two waiting: each of those starts within about half a hash.
        for _ in 0..<4 { #expect(await controller.acquire(.signIn) == .admitted) }
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            group.addTask { await controller.acquire(.signIn, ticket: 50) }
            try await waitUntilQueued(controller, 1)
            group.addTask { await controller.acquire(.signIn, ticket: 90) }
            try await waitUntilQueued(controller, 2)
            #expect(await controller.acquire(.signIn) == .waitingRoom, "the seventh is told at once")
            #expect(await controller.acquire(.signIn, ticket: 95) == .waitingRoom, "a newer ticket too")
            #expect(controller.load.waiting == 2)
            // An older ticket (someone who already waited) takes the place of the newest waiting sign-in.
            group.addTask { await controller.acquire(.signIn, ticket: 10) }
            #expect(try await group.next() == .waitingRoom, "ticket 90 is sent to the waiting room")
            try await waitUntilQueued(controller, 2)
            // A pupil reading is not held up by the sign-ins: there are slots for her.
            #expect(await controller.acquire(.member) == .admitted)
            controller.release(.member)
            // A hash ends: the oldest ticket starts.
            controller.release(.signIn)
            #expect(try await group.next() == .admitted)
            #expect(controller.load == (4, 1))
            controller.release(.signIn)
            #expect(try await group.next() == .admitted)
            for _ in 0..<4 { controller.release(.signIn) }
        }
        #expect(controller.load == (0, 0))
        // With one or two slots, one sign-in may wait.
        #expect(AdmissionController(limit: 10, queueLimit: 10, maximumWait: .seconds(1), signInLimit: 2).signInQueueLimit == 1)
    }

    @Test func inAStormOfSignInsOnlyAHashAboutToEndIsWaitedFor() async throws {
        let controller = AdmissionController(limit: 10, queueLimit: 100, maximumWait: .seconds(60), signInLimit: 2)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func at(_ milliseconds: Double) -> Date { start.addingTimeInterval(milliseconds / 1_000) }
        // Two sign-ins of 300 ms: the node now knows how long a hash takes.
        for _ in 0..<2 { #expect(await controller.acquire(.signIn, at: at(0)) == .admitted) }
        for _ in 0..<2 { controller.release(.signIn, at: at(300)) }
        // Both slots hashing again, since 300 and 500 ms.
        #expect(await controller.acquire(.signIn, at: at(300)) == .admitted)
        #expect(await controller.acquire(.signIn, at: at(500)) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            // No storm yet: a sign-in waits in memory though the next hash ends in 290 ms.
            group.addTask { await controller.acquire(.signIn, at: at(310)) }
            try await waitUntilQueued(controller, 1)
            // The one after it is told at once, and that makes a storm.
            #expect(await controller.acquire(.signIn, at: at(320)) == .waitingRoom)
            controller.release(.signIn, at: at(600))
            #expect(try await group.next() == .admitted, "the waiting one starts when a hash ends")
            // Slots since 500 and 600: the next hash ends at 800. At 610 that is 190 ms away, more than
            // a third of a hash: the waiting room at once, though nobody waits in memory.
            #expect(await controller.acquire(.signIn, at: at(610)) == .waitingRoom)
            #expect(controller.load.waiting == 0)
            // At 720 it ends within 80 ms: this one waits for it.
            group.addTask { await controller.acquire(.signIn, at: at(720)) }
            try await waitUntilQueued(controller, 1)
            controller.release(.signIn, at: at(800))
            #expect(try await group.next() == .admitted)
            for time in [900.0, 1_100] { controller.release(.signIn, at: at(time)) }
            // Two seconds without a refusal: the storm is over, a sign-in waits in memory again.
            for _ in 0..<2 { #expect(await controller.acquire(.signIn, at: at(2_700)) == .admitted) }
            group.addTask { await controller.acquire(.signIn, at: at(2_710)) }
            try await waitUntilQueued(controller, 1)
            controller.release(.signIn, at: at(3_000))
            #expect(try await group.next() == .admitted)
            for _ in 0..<2 { controller.release(.signIn, at: at(3_300)) }
        }
        #expect(controller.load == (0, 0))
    }

    @Test func anOlderTicketGoesFirstWithinItsCriticality() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 10, maximumWait: .seconds(60))
        #expect(await controller.acquire(.write) == .admitted)
        let order = Recorder<String>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = await controller.acquire(.member)
                order.append("no ticket")
                controller.release(.member)
            }
            try await waitUntilQueued(controller, 1)
            group.addTask {
                _ = await controller.acquire(.member, ticket: 1_000)
                order.append("ticket")
                controller.release(.member)
            }
            try await waitUntilQueued(controller, 2)
            controller.release(.write)
            try await group.waitForAll()
        }
        #expect(order.items == ["ticket", "no ticket"])
    }

    @Test func theQueueIsBoundedAndAWriteTakesTheLeastCriticalPlace() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 2, maximumWait: .seconds(60))
        #expect(await controller.acquire(.member) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            group.addTask { await controller.acquire(.anonymous) }
            try await waitUntilQueued(controller, 1)
            group.addTask { await controller.acquire(.anonymous) }
            try await waitUntilQueued(controller, 2)
            // Full: another anonymous request goes straight to the waiting room…
            #expect(await controller.acquire(.anonymous) == .waitingRoom)
            // …while a write takes the place of one anonymous request, which goes to the waiting room.
            group.addTask { await controller.acquire(.write) }
            let evicted = try await group.next()
            #expect(evicted == .waitingRoom)
            #expect(controller.load.waiting == 2)
            controller.release(.member)  // the write runs
            let write = try await group.next()
            #expect(write == .admitted)
            controller.release(.write)  // then the last anonymous one
            let last = try await group.next()
            #expect(last == .admitted)
            controller.release(.anonymous)
        }
        #expect(controller.load == (0, 0))
    }

    @Test func nobodyWaitsInMemoryLongerThanTheMaximum() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 10, maximumWait: .milliseconds(20))
        #expect(await controller.acquire(.member) == .admitted)
        #expect(await controller.acquire(.write) == .waitingRoom)
        #expect(controller.load.waiting == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueueAtOnce() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 10, maximumWait: .seconds(60))
        #expect(await controller.acquire(.member) == .admitted)
        let waiter = Task { await controller.acquire(.member) }
        try await waitUntilQueued(controller, 1)
        waiter.cancel()
        #expect(await waiter.value == .waitingRoom)
        #expect(controller.load.waiting == 0)
        // Already cancelled: not even queued.
        let late = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await controller.acquire(.write)
        }
        #expect(await late.value == .waitingRoom)
        controller.release(.member)
        #expect(controller.load == (0, 0))
    }

    @Test func oneTimerSendsEveryOverdueWaiterToTheWaitingRoomInOrder() async throws {
        let controller = AdmissionController(limit: 1, queueLimit: 10, maximumWait: .milliseconds(50))
        #expect(await controller.acquire(.member) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            for _ in 0..<5 { group.addTask { await controller.acquire(.member) } }
            try await waitUntilQueued(controller, 5)
            for _ in 0..<5 { #expect(try await group.next() == .waitingRoom) }
        }
        #expect(controller.load == (1, 0))
        // The timer stopped with the queue empty; the next waiter starts it again.
        #expect(await controller.acquire(.write) == .waitingRoom)
        controller.release(.member)
        #expect(controller.load == (0, 0))
    }

    @Test func signInsNeverTakeMoreThanTheirShare() async throws {
        let controller = AdmissionController(limit: 10, queueLimit: 10, maximumWait: .seconds(60), signInLimit: 1)
        #expect(await controller.acquire(.signIn) == .admitted)
        try await withThrowingTaskGroup(of: AdmissionController.Decision.self) { group in
            group.addTask { await controller.acquire(.signIn) }
            try await waitUntilQueued(controller, 1)
            // A pupil already signed in is not held up by the sign-in waiting for a hash.
            #expect(await controller.acquire(.member) == .admitted)
            controller.release(.signIn)
            #expect(try await group.next() == .admitted)
        }
        controller.release(.signIn)
        controller.release(.member)
        #expect(controller.load == (0, 0))
    }

    @Test func ticketsAreSignedExpireAndKeepTheirPlace() {
        let room = WaitingRoom(secret: "secret partagé")
        let now = TestClock.mondayMorning
        let first = room.issue(at: now)
        let second = room.issue(at: now.addingTimeInterval(1))
        #expect(room.decode(room.encode(first), at: now.addingTimeInterval(30)) == first)
        #expect(room.place(of: first) == 1 && room.place(of: second) == 2)
        room.served(first, at: now)
        #expect(room.place(of: second) == 1)
        var forged = room.encode(second)
        forged.replaceSubrange(forged.startIndex...forged.startIndex, with: "9")
        #expect(room.decode(forged, at: now) == nil)
        #expect(room.decode(room.encode(first), at: now.addingTimeInterval(room.lifetime + 1)) == nil)
        // Another node with the same secret honours the ticket; one without it does not.
        #expect(WaitingRoom(secret: "secret partagé").decode(room.encode(second), at: now) == second)
        #expect(WaitingRoom(secret: nil).decode(room.encode(second), at: now) == nil)
    }

    @Test func theWaitIsEstimatedFromHowFastPeopleLeaveTheRoom() {
        let room = WaitingRoom(secret: nil)
        let now = TestClock.mondayMorning
        #expect(room.pace(at: now) == nil, "nobody let in yet: no estimate of its own")
        let tickets = (0..<40).map { room.issue(at: now.addingTimeInterval(Double($0) / 10)) }
        // Twenty people let in over two seconds: two a second over the last ten.
        for (index, ticket) in tickets.prefix(20).enumerated() { room.served(ticket, at: now.addingTimeInterval(Double(index) / 10)) }
        #expect(room.pace(at: now.addingTimeInterval(5)) == 2)
        #expect(room.place(of: tickets[39]) == 20)
        // Ten seconds on, the first ten have left the window; fewer than ten is too few to trust.
        #expect(room.pace(at: now.addingTimeInterval(11)) == 1)
        #expect(room.pace(at: now.addingTimeInterval(12)) == nil)
    }

    @Test func aFullNodeAnswersWithTheWaitingRoomAndKeepsThePlace() async throws {
        try await TestApp.run(configure: {
            $0.admissionLimit = 0
            $0.admissionQueue = 0
        }) { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let first = try await app.get("/today", as: pupil)
            #expect(first.status == .serviceUnavailable)
            #expect(Int(first.headers[.retryAfter] ?? "") != nil)
            #expect(first.text.utf8.count < 1_000, "the waiting room is a page of a few hundred bytes")
            #expect(first.text.contains("Vous êtes n° 1 dans la file"))
            #expect(first.text.contains(#"<meta http-equiv="refresh""#))
            let ticket = try #require(first.setCookie("cartable_ticket")?.split(separator: ";").first.map(String.init))
            // Someone else arrives: they are behind.
            let other = try await app.get("/today", as: try await app.session(for: app.world.guardian))
            #expect(other.text.contains("n° 2"))
            // The first person's automatic retry keeps their place.
            var headers = HTTPFields()
            headers[.cookie] = pupil.cookie + "; " + ticket
            let retry = try await app.client.execute(uri: "/today", method: .get, headers: headers)
            #expect(retry.status == .serviceUnavailable && String(buffer: retry.body).contains("n° 1"))
            // The API gets 503 with Retry-After and JSON.
            let api = try await app.json(.get, "/api/v1/today", as: pupil)
            #expect(api.status == .serviceUnavailable && api.headers[.retryAfter] != nil)
            #expect(api.text.contains(#""code":"busy""#))
            // What is served from memory still is.
            #expect(try await app.get("/healthz").status == .ok)
            #expect(try await app.get(app.services.views.stylesheet.path).status == .ok)
        }
    }

    /// A random source that always gives the top of the range.
    struct HighestRandom: RandomSource {
        func number(in range: ClosedRange<Double>) -> Double { range.upperBound }
    }

    @Test func theRetryJitterComesFromTheInjectedRandomSource() async throws {
        try await TestApp.run(
            random: HighestRandom(),
            configure: {
                $0.admissionLimit = 0
                $0.admissionQueue = 0
            }
        ) { (app) async throws in
            for _ in 0..<19 { _ = try await app.get("/today") }
            // Twentieth in the room, nobody let in yet (one a second assumed): 20 s, times the jitter's top (1.2).
            let response = try await app.get("/today")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "24")
        }
    }

    @Test func aNodeWithRoomServesAndForgetsTheTicket() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let room = WaitingRoom(secret: nil)
            var headers = HTTPFields()
            headers[.cookie] = pupil.cookie + "; cartable_ticket=" + room.encode(room.issue(at: app.clock.now()))
            let response = try await app.client.execute(uri: "/today", method: .get, headers: headers)
            #expect(response.status == .ok)
        }
    }
}

/// Items appended from several tasks.
final class Recorder<Item: Sendable>: Sendable {
    private let storage = Mutex<[Item]>([])
    func append(_ item: Item) { storage.withLock { $0.append(item) } }
    var items: [Item] { storage.withLock { $0 } }
}
