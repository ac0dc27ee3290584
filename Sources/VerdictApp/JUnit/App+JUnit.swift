import HTTPServer
import Reports
import Store

extension App {
    /// `POST …/runs/{run}/junit?worker=`: one JUnit XML report (plain or gzip), stored whole or
    /// not at all. Parsing streams; the run is created on first use like any post.
    func postJUnit(_ request: Request) throws -> Response {
        let (project, run) = try projectAndRun(request)
        try checkXMLContentType(request)
        let worker = request.query("worker").flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "junit"
        var options = JUnitOptions()
        options.worker = worker
        options.maxOutputBytes = configuration.junitMaxOutputBytes
        let spool = ResultSpool()
        let body = DigestingByteSource(try bodySource(request), hasher: Self.fingerprintPrefix(request))
        let summary = try JUnitReader(options: options).read(from: body) { try spool.append($0) }
        let idempotency = uploadIdempotencyKey(request, project: project, bodyDigest: body.finalize())
        let numbering = AttemptNumbering.afterStored()
        let (answer, replayed) = try store.write(now: now, idempotency: idempotency) { writer in
            var accepted = 0, duplicates = 0, created = false
            try spool.forEachBatch(size: 1000) { batch in
                let outcome = try writer.ingest(project: project, run: run, results: batch, defaultWorker: worker, numbering: numbering)
                accepted += outcome.accepted
                duplicates += outcome.duplicates
                created = created || outcome.runCreated
            }
            if spool.count == 0 { try writer.putRun(project: project, run: run, info: RunInfo()) }
            return StoredAnswer(status: created ? 201 : 200, body: JSONWriter.bytes(.object([
                ("accepted", .int(accepted)),
                ("duplicates", .int(duplicates)),
                ("testcases", .int(summary.testcases)),
                ("counts", .object(Status.allCases.map { ($0.rawValue, .int(summary.count($0))) })),
                ("flaky_cases", .int(summary.flakyCases)),
                ("root", .string(summary.root)),
            ])))
        }
        return .stored(answer, replayed: replayed)
    }

    /// Reports are XML; a JSON or form body here is a mistake worth naming.
    private func checkXMLContentType(_ request: Request) throws {
        guard let type = request.headers["Content-Type"]?.lowercased() else { return }
        let accepted = ["xml", "octet-stream", "text/plain", "gzip"]
        guard accepted.contains(where: { type.contains($0) }) else {
            throw APIError(status: 415, code: "unsupported_media_type",
                           message: "send the JUnit report as application/xml (gzip allowed with Content-Encoding: gzip), not \(type)")
        }
    }

    private func bodySource(_ request: Request) throws -> any ByteSource {
        switch request.body {
        case .bytes(let bytes): return ByteArraySource(bytes)
        case .file(let file):
            guard let source = try? FileByteSource(path: file.path) else {
                throw APIError(status: 500, code: "internal", message: "the upload's spool file vanished")
            }
            return source
        }
    }

    /// The client's `Idempotency-Key`, or one derived from the report itself: re-sending the
    /// same report to the same run and worker is a retransmission and stores nothing new.
    /// `bodyDigest` is SHA-256 over `fingerprintPrefix` and then the whole body, as the parser read it
    /// (a report that parsed was read to its end).
    func uploadIdempotencyKey(_ request: Request, project: String, bodyDigest: [UInt8]) -> IdempotencyKey {
        let fingerprint = SHA256.hexString(bodyDigest)
        let key = request.headers["Idempotency-Key"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "upload:\(fingerprint)"
        return IdempotencyKey(scope: project, key: key, fingerprint: fingerprint, keptWithRun: (project, request.pathParameters["run"] ?? ""))
    }

    /// The fingerprint covers the method and target (so the run and `?worker=`) before the body.
    private static func fingerprintPrefix(_ request: Request) -> SHA256 {
        var hasher = SHA256()
        hasher.update(Array("\(request.method) \(request.target)\n".utf8))
        return hasher
    }
}
