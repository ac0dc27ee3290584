import HTTPServer
import Reports

/// One `verdict push`: describe the run (when anything is known about it), send each report,
/// print what was stored and where to see it. Returns whether everything was stored.
struct PushSession {
    var settings: PushSettings
    var sender: PushSender
    /// Standard output: one line per stored file, then the run's addresses.
    var output: (String) -> Void
    /// Standard error: problems.
    var errors: (String) -> Void

    func perform() -> Bool {
        let (paths, missing) = expandPatterns()
        for problem in missing { errors("error: \(problem)") }
        var succeeded = missing.isEmpty
        if paths.isEmpty {
            if missing.isEmpty { errors("no reports matched \(settings.patterns.joined(separator: " ")); nothing to push (--allow-empty)") }
            return succeeded
        }

        var anythingStored = false
        if let description = settings.runDescription {
            do {
                try describeRun(description)
                anythingStored = true
            } catch {
                report(error, subject: "describing the run")
                succeeded = false
                // The results matter more than the run's branch or URL: go on unless nothing would land.
                if error.stopsThePush { return false }
            }
        }

        for (index, path) in paths.enumerated() {
            do {
                let report = try PushReport.load(path: path, project: settings.project, run: settings.run, worker: settings.worker)
                let response = try send(report)
                output(Self.storedLine(response, path: path))
                anythingStored = true
            } catch {
                report(error, subject: path)
                succeeded = false
                if error.stopsThePush {
                    let rest = paths.count - index - 1
                    if rest > 0 { errors("stopped; \(rest) more report\(rest == 1 ? " was" : "s were") not sent") }
                    break
                }
            }
        }
        if anythingStored {
            output("run: \(settings.server.runPageURL(project: settings.project, run: settings.run))")
            output("json: \(settings.server.runJSONURL(project: settings.project, run: settings.run))")
        }
        return succeeded
    }

    private func report(_ failure: PushFailure, subject: String) {
        errors("error: \(subject): \(failure)")
        if let hint = failure.hint { errors("hint: \(hint)") }
    }

    /// The files to send, in argument order without repeats, and a message per argument that
    /// named nothing.
    func expandPatterns() -> (paths: [String], problems: [String]) {
        var paths: [String] = []
        var seen = Set<String>()
        var problems: [String] = []
        for pattern in settings.patterns {
            var matched: [String] = []
            if PushFileGlob.isPattern(pattern) {
                matched = PushFileGlob.expand(pattern)
                if matched.isEmpty && !settings.allowEmpty { problems.append("no file matches \(pattern)") }
            } else {
                switch PushFileGlob.kind(of: pattern) {
                case .file: matched = [pattern]
                case .directory: problems.append("\(pattern) is a directory; to push the reports in it, pass '\(pattern)/**/*.xml'")
                case .other: problems.append("\(pattern) is not a regular file")
                case .missing: if !settings.allowEmpty { problems.append("no such file: \(pattern)") }
                }
            }
            for path in matched where seen.insert(path).inserted { paths.append(path) }
        }
        return (paths, problems)
    }

    private var runPath: String { PushServerAddress.runPath(project: settings.project, run: settings.run) }

    private func describeRun(_ description: PushRunDescription) throws(PushFailure) {
        var headers = commonHeaders
        headers.add("Content-Type", "application/json")
        let request = PushRequest(method: "PUT", target: settings.server.target(runPath), headers: headers, body: JSONWriter.bytes(description.json))
        _ = try sender.send(request, subject: "run \(settings.run)")
    }

    private func send(_ report: PushReport) throws(PushFailure) -> ClientResponse {
        var headers = commonHeaders
        headers.add("Content-Type", "application/xml")
        headers.add("Content-Encoding", "gzip")
        headers.add("Idempotency-Key", report.idempotencyKey)
        let query = settings.worker.map { "?worker=\(PushServerAddress.segment($0))" } ?? ""
        let request = PushRequest(method: "POST", target: settings.server.target(runPath + "/junit" + query), headers: headers, body: report.body)
        return try sender.send(request, subject: report.path)
    }

    private var commonHeaders: HTTPHeaders {
        HTTPHeaders([("Authorization", "Bearer \(settings.token)"), ("Accept", "application/json"), ("User-Agent", "verdict-push")])
    }

    /// `stored N results (M duplicates) from FILE`; a replayed answer (the same report pushed
    /// before with the same key) says so.
    static func storedLine(_ response: ClientResponse, path: String) -> String {
        guard let json = try? JSONParser.parse(response.body), let accepted = json["accepted"]?.number else {
            return "stored \(path) (the server answered \(response.status))"
        }
        let duplicates = Int(json["duplicates"]?.number ?? 0)
        let replayed = response.headers["Idempotent-Replayed"]?.lowercased() == "true"
        return "stored \(Int(accepted)) result\(accepted == 1 ? "" : "s") (\(duplicates) duplicate\(duplicates == 1 ? "" : "s")) from \(path)"
            + (replayed ? " (pushed before; the server repeated its first answer)" : "")
    }
}
