import Foundation
import HTTPServer

/// What a user feels: a suite of quick tests run with `pytest -n 4`, wall time with
/// `--reportportal` pointed at Verdict ÷ wall time without reporting, interleaved.
struct PytestOverhead {
    let bench: ReportPortalBench

    func measure(_ rows: inout [BenchRow], _ figures: inout [String: Sample]) throws {
        let tests = bench.tests ?? (bench.options.isQuick ? 500 : 2000)
        let label = "pytest -n \(bench.xdist), \(Format.count(Double(tests))) tests"
        guard FileManager.default.isExecutableFile(atPath: bench.python),
              (try? Command(executable: bench.python, arguments: ["-c", "import pytest, xdist, pytest_reportportal"]).run().status) == 0
        else {
            rows.append(.unavailable(label, "no Python with pytest-reportportal: make bench creates bench/cache/venv", target: "≤ 10 %"))
            return
        }
        let suite = try Self.suite(tests: tests, in: bench.options.cache)
        let server = try bench.options.startServer()
        defer { server.stop() }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-rp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The agent's own cost: the same run reporting to a stub that answers and stores nothing.
        let stub = try? Peers.reportPortalStub(port: try PeerProcess.freePort(), folder: folder)
        defer { stub?.stop() }

        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RP_") }
        base["PYTHONDONTWRITEBYTECODE"] = "1"
        base["AGENT_NO_ANALYTICS"] = "1"
        func reporting(to port: Int) -> [String: String] {
            var environment = base
            environment["RP_ENDPOINT"] = "http://127.0.0.1:\(port)"
            environment["RP_PROJECT"] = "bench"
            environment["RP_API_KEY"] = server.token
            return environment
        }
        let arguments = ["-m", "pytest", "-n", "\(bench.xdist)", "-q", "-p", "no:cacheprovider", "tests"]
        enum Variant: CaseIterable { case plain, verdict, stub }
        func run(_ variant: Variant) throws -> Double {
            let environment: [String: String]
            switch variant {
            case .plain: environment = base
            case .verdict: environment = reporting(to: server.port)
            case .stub: environment = reporting(to: stub!.port)
            }
            let outcome = try Command(executable: bench.python, arguments: arguments + (variant == .plain ? [] : ["--reportportal"]),
                                      environment: environment, directory: suite).run()
            guard outcome.status == 0, outcome.stdout.contains("\(tests) passed") else {
                throw BenchError.unexpected("pytest (\(variant)) exited \(outcome.status): \(outcome.stdout.suffix(500)) \(outcome.stderr.suffix(1500))")
            }
            if variant == .verdict { try checkStored(server: server, tests: tests) }
            return outcome.seconds
        }
        let variants: [Variant] = stub == nil ? [.plain, .verdict] : [.plain, .verdict, .stub]
        var seconds: [Variant: [Double]] = [:]
        for repetition in 0..<bench.options.repetitions {
            // Interleaved, each repetition starting with the next variant.
            for k in 0..<variants.count {
                let variant = variants[(repetition + k) % variants.count]
                seconds[variant, default: []].append(try run(variant))
            }
        }
        let plain = Sample(values: seconds[.plain] ?? []), reported = Sample(values: seconds[.verdict] ?? [])
        let overhead = Sample(values: reported.ratio(to: plain).values.map { $0 - 1 })
        figures["pytest_without_s"] = plain
        figures["pytest_with_s"] = reported
        figures["pytest_overhead"] = overhead
        rows.append(BenchRow(name: "\(label), no reporting", value: plain.describe(Format.seconds), note: "wall time of the whole pytest command"))
        rows.append(BenchRow(name: "\(label), --reportportal → Verdict", value: reported.describe(Format.seconds),
                             note: "every test stored (checked); SYNC client, 2 blocking requests per test"))
        if let stubSeconds = seconds[.stub] {
            let floor = Sample(values: stubSeconds)
            let verdictShare = Sample(values: zip(seconds[.verdict]!, zip(stubSeconds, seconds[.plain]!)).map { ($0 - $1.0) / $1.1 })
            let agentShare = Sample(values: zip(stubSeconds, seconds[.plain]!).map { $0 / $1 - 1 })
            figures["pytest_stub_s"] = floor
            figures["pytest_overhead_agent"] = agentShare
            figures["pytest_overhead_verdict"] = verdictShare
            rows.append(BenchRow(name: "\(label), --reportportal → stub", value: floor.describe(Format.seconds),
                                 note: "nginx answering every call at once with one fixed JSON body, storing nothing"))
            rows.append(BenchRow(name: "  reporting overhead", value: overhead.describe(Format.percent), note: "Verdict ÷ no reporting − 1",
                                 target: Target(goal: "≤ 10 %", met: overhead.median <= 0.10)))
            rows.append(BenchRow(name: "    the agent's own part", value: agentShare.describe(Format.percent),
                                 note: "stub ÷ no reporting − 1; includes the client's fixed 3 s sleep before finishing a launch"))
            rows.append(BenchRow(name: "    Verdict's part", value: verdictShare.describe(Format.percent), note: "(Verdict − stub) ÷ no reporting"))
        } else {
            rows.append(BenchRow(name: "  reporting overhead", value: overhead.describe(Format.percent), note: "Verdict ÷ no reporting − 1",
                                 target: Target(goal: "≤ 10 %", met: overhead.median <= 0.10)))
        }
    }

    /// The newest run holds every test of the suite.
    func checkStored(server: ServerUnderTest, tests: Int) throws {
        let response = try server.client().send("GET", "/api/v1/projects/bench/runs?limit=1")
        let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let run = (answer?["runs"] as? [[String: Any]])?.first
        let total = ((run?["counts"] as? [String: Any])?["total"] as? NSNumber)?.intValue
        guard total == tests else { throw BenchError.unexpected("the reported launch holds \(total ?? 0) tests, not \(tests)") }
    }

    /// `tests` quick tests in files of 100, written once into the cache folder.
    static func suite(tests: Int, in cache: String) throws -> String {
        let folder = "\(cache)/pytest-suite-\(tests)"
        let marker = "\(folder)/.complete"
        if FileManager.default.fileExists(atPath: marker) { return folder }
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: "\(folder)/tests", withIntermediateDirectories: true)
        try "[pytest]\nrp_launch = bench-suite\n".write(toFile: "\(folder)/pytest.ini", atomically: true, encoding: .utf8)
        for file in 0..<((tests + 99) / 100) {
            var source = ""
            for t in (file * 100)..<min(tests, file * 100 + 100) {
                source += "def test_case_\(t)():\n    assert \(t) * 2 == \(t) + \(t)\n\n\n"
            }
            try source.write(toFile: "\(folder)/tests/test_mod_\(file).py", atomically: true, encoding: .utf8)
        }
        _ = FileManager.default.createFile(atPath: marker, contents: nil)
        return folder
    }
}
