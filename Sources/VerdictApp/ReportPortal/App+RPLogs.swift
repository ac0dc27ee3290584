import HTTPServer
import Reports
import Store

extension App {
    /// `POST /api/v{1,2}/{project}/log`: a batch of log entries. The agent sends
    /// `multipart/form-data`: a `json_request_part` holding a JSON array of entries, then one
    /// `file` part per entry that has a `file`, in the same order. A JSON body (one entry or an
    /// array, as other clients send) is accepted too. Answers `{"responses": [{id}…]}`, one per entry.
    func rpPostLogs(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let limit = configuration.reportPortal.maxLogBatchBytes
            guard request.body.count <= limit else {
                throw APIError(status: 413, code: "body_too_large", message: "log batches are limited to \(limit) bytes")
            }
            let contentType = request.headers["Content-Type"] ?? "application/json"
            let (entries, files) = try rpLogBatch(body: try request.body.readAll(), contentType: contentType)
            let logs = rpLogEntries(entries, files: files)
            let outcomes = try store.write(now: now) { try $0.storeRPLogs(project: project, logs) }
            let responses: [JSONValue] = outcomes.map { outcome in
                switch outcome {
                case .stored(let id), .duplicate(let id):
                    return .object([("id", .string(String(id)))])
                case .noLaunch:
                    return .object([("errorCode", 4040), ("message", "the log entry names no launch and no known item; it was dropped")])
                }
            }
            return RPAnswer.json(201, .object([("responses", .array(responses))]))
        }
    }

    /// The entries and file parts of a log request.
    func rpLogBatch(body: [UInt8], contentType: String) throws -> ([JSONValue], [MultipartPart]) {
        var jsonBytes: ArraySlice<UInt8> = body[...]
        var files: [MultipartPart] = []
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let boundary = Multipart.boundary(contentType: contentType) else {
                throw APIError(status: 400, code: "invalid_multipart", message: MultipartError.noBoundary.description)
            }
            let parts: [MultipartPart]
            do {
                parts = try Multipart.parse(body, boundary: boundary)
            } catch {
                throw APIError(status: 400, code: "invalid_multipart", message: error.description)
            }
            guard let json = parts.first(where: { $0.name == "json_request_part" })
                    ?? parts.first(where: { $0.filename == nil && ($0.contentType ?? "").lowercased().contains("json") })
            else {
                throw APIError(status: 400, code: "invalid_multipart", message: "the multipart body has no json_request_part")
            }
            jsonBytes = json.body
            files = parts.filter { $0.filename != nil || $0.name == "file" }
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(jsonBytes))
        } catch {
            throw APIError(status: 400, code: "invalid_json", message: error.description)
        }
        switch value {
        case .array(let entries): return (entries, files)
        case .object: return ([value], files)
        default: throw APIError(status: 400, code: "invalid_request", message: "log entries must be a JSON array or object, not \(value.typeName)")
        }
    }

    /// Entries as the store takes them, each with its file. Files are matched to the entries
    /// that name one in order; where the name at that position differs, by name; an entry
    /// whose file cannot be found is kept without it.
    func rpLogEntries(_ entries: [JSONValue], files: [MultipartPart]) -> [RPLogEntry] {
        var used = Set<Int>()
        var fileIndex = 0
        let maxBytes = configuration.reportPortal.maxAttachmentBytes
        return entries.map { entry in
            let fields = RPFields(entry)
            var attachment: RPAttachmentUpload?
            if let file = fields.member("file"), case .object = file {
                let wanted = RPFields(file).string("name", maxBytes: 1024)
                var chosen: Int?
                if fileIndex < files.count, !used.contains(fileIndex), wanted == nil || files[fileIndex].filename == wanted {
                    chosen = fileIndex
                } else if let wanted, let byName = files.indices.first(where: { !used.contains($0) && files[$0].filename == wanted }) {
                    chosen = byName
                } else if fileIndex < files.count, !used.contains(fileIndex) {
                    chosen = fileIndex
                }
                fileIndex += 1
                if let chosen {
                    used.insert(chosen)
                    let part = files[chosen]
                    let size = part.body.count
                    attachment = RPAttachmentUpload(
                        name: part.filename ?? wanted ?? "attachment",
                        contentType: AttachmentTypes.normalize(part.contentType ?? RPFields(file).string("contentType", maxBytes: 255)),
                        size: size, bytes: size <= maxBytes ? Array(part.body) : nil)
                }
            }
            let message = fields.string("message", maxBytes: 1024 * 1024) ?? ""
            let level = (fields.string("level", maxBytes: 32) ?? "INFO").uppercased()
            let fingerprint = RPAnswer.fingerprint(
                JSONWriter.bytes(entry), Array((attachment?.name ?? "").utf8), Array(String(attachment?.size ?? -1).utf8))
            return RPLogEntry(
                launchUUID: rpKey(fields.string("launchUuid", maxBytes: 256)),
                itemUUID: fields.string("itemUuid", maxBytes: 256),
                time: fields.time("time") ?? now, level: level, message: message, attachment: attachment, fingerprint: fingerprint)
        }
    }
}
