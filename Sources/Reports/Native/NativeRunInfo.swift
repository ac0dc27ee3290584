extension RunInfo {
    /// Decodes a `PUT …/runs/{run}` body: name, branch, commit, url, attributes{}, started_at.
    /// An empty body means "create the run if missing".
    public static func decode(_ bytes: [UInt8]) throws(NativeReportError) -> RunInfo {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return RunInfo() }
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw .syntax(error) }
        let fields = try FieldReader(document, path: "")
        return RunInfo(
            name: try fields.string("name", maxBytes: 1024),
            branch: try fields.string("branch", maxBytes: 1024),
            commit: try fields.string("commit", maxBytes: 200),
            url: try fields.string("url", maxBytes: 4096),
            attributes: try fields.attributes("attributes"),
            startedAt: try fields.timestamp("started_at")
        )
    }
}

extension RunInfo {
    /// Decodes a `POST …/finish` body: empty, or `{"finished_at": ISO 8601 | epoch ms}`.
    public static func decodeFinish(_ bytes: [UInt8]) throws(NativeReportError) -> Int64? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw .syntax(error) }
        return try FieldReader(document, path: "").timestamp("finished_at")
    }
}
