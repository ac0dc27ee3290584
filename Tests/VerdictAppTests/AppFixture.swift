import Foundation
import HTTPServer
import Reports
import Store
@testable import VerdictApp

/// An app over a store in its own temporary directory, called directly (no sockets).
final class AppFixture {
    let directory: URL
    let store: Store
    let app: App
    let clock: ManualClock
    static let token = "root-token"

    init(configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualClock(now: 1_795_840_528_000)
        store = try Store(path: directory.appendingPathComponent("v.db").path, migrations: shippedMigrations, now: clock.nowMs())
        var configuration = AppConfiguration()
        configuration.rootToken = Self.token
        configure(&configuration)
        app = App(store: store, configuration: configuration, clock: clock)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    func call(_ method: String, _ target: String, body: String = "", token: String? = AppFixture.token, headers: [(String, String)] = []) -> (status: Int, json: JSONValue, response: Response) {
        var all = HTTPHeaders(headers)
        if let token { all.add("Authorization", "Bearer \(token)") }
        let response = app.handle(Request(method: method, target: target, headers: all, body: .bytes(Array(body.utf8))))
        return (response.status, (try? JSONParser.parse(response.body)) ?? .null, response)
    }
}

/// A clock the test moves by hand.
final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(now: Int64) { value = now }
    func nowMs() -> Int64 { lock.withLock { value } }
    func advance(_ ms: Int64) { lock.withLock { value += ms } }
}
