import Foundation
import HTTPServer

/// What a user feels: a suite of quick tests run with `pytest -n 4`, wall time with
/// `--reportportal` pointed at Verdict ÷ wall time without reporting, interleaved.
struct PytestOverhead {
    let bench: ReportPortalBench

    /// reportportal-client 5.7.x sleeps this long before it finishes a launch, whatever the server
    /// ("To allow back to pick up all logs", `RPClient.finish_launch`).
    static let agentLaunchFinishSleep = 3.0

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
        let server = try ServerUnderTest(binary: bench.options.verdict)
        defer { server.stop() }

        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RP_") }
        base["PYTHONDONTWRITEBYTECODE"] = "1"
        base["AGENT_NO_ANALYTICS"] = "1"
        var reporting = base
        reporting["RP_ENDPOINT"] = "http://127.0.0.1:\(server.port)"
        reporting["RP_PROJECT"] = "bench"
        reporting["RP_API_KEY"] = server.token
        let arguments = ["-m", "pytest", "-n", "\(bench.xdist)", "-q", "-p", "no:cacheprovider", "tests"]
        func run(reported: Bool) throws -> Double {
            let outcome = try Command(executable: bench.python, arguments: arguments + (reported ? ["--reportportal"] : []),
                                      environment: reported ? reporting : base, directory: suite).run()
            guard outcome.status == 0, outcome.stdout.contains("\(tests) passed") else {
                throw BenchError.unexpected("pytest (\(reported ? "with" : "without") reporting) exited \(outcome.status): \(outcome.stdout.suffix(500)) \(outcome.stderr.suffix(1500))")
            }
            if reported { try checkStored(server: server, tests: tests) }
            return outcome.seconds
        }
        var without: [Double] = [], with: [Double] = []
        for repetition in 0..<bench.options.repetitions {
            if repetition % 2 == 0 {
                without.append(try run(reported: false))
                with.append(try run(reported: true))
            } else {
                with.append(try run(reported: true))
                without.append(try run(reported: false))
            }
        }
        let plain = Sample(values: without), reported = Sample(values: with)
        let overhead = Sample(values: reported.ratio(to: plain).values.map { $0 - 1 })
        let beyondSleep = Sample(values: zip(with, without).map { ($0 - Self.agentLaunchFinishSleep) / $1 - 1 })
        figures["pytest_without_s"] = plain
        figures["pytest_with_s"] = reported
        figures["pytest_overhead"] = overhead
        figures["pytest_overhead_beyond_agent_sleep"] = beyondSleep
        rows.append(BenchRow(name: "\(label), no reporting", value: plain.describe(Format.seconds), note: "wall time of the whole pytest command"))
        rows.append(BenchRow(name: "\(label), --reportportal → Verdict", value: reported.describe(Format.seconds),
                             note: "every test stored (checked); SYNC client, 2 blocking requests per test"))
        rows.append(BenchRow(name: "  reporting overhead", value: overhead.describe(Format.percent), note: "with ÷ without − 1",
                             target: Target(goal: "≤ 10 %", met: overhead.median <= 0.10)))
        rows.append(BenchRow(name: "  overhead beyond the agent's own 3 s sleep", value: beyondSleep.describe(Format.percent),
                             note: "reportportal-client sleeps 3 s before finishing any launch, whatever the server"))
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
