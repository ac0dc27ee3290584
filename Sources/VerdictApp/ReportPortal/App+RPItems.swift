import HTTPServer
import Reports
import Store

extension App {
    /// `POST /api/v{1,2}/{project}/item[/{parent}]`: starts a suite, test or nested step; the
    /// parent is given only by the URL. Answers `{id}`; the same request twice gets the same id.
    func rpStartItem(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let parent = try request.pathParameters["parent"].map { _ in try rpPathKey(request, "parent") }
            let (body, bytes) = try rpJSONObject(request)
            let fields = RPFields(body)
            let launch = fields.string("launchUuid", maxBytes: 256)
            if let launch, rpKey(launch) == nil {
                throw APIError(status: 400, code: "invalid_launch", message: "launchUuid '\(launch)' is not a usable launch id")
            }
            let start = RPItemStart(
                uuid: RPAnswer.newUUID(),
                parentUUID: parent,
                launchUUID: launch,
                type: (fields.string("type", maxBytes: 64) ?? "STEP").uppercased(),
                name: fields.string("name", maxBytes: 4096) ?? "unnamed",
                description: fields.string("description", maxBytes: 64 * 1024),
                codeRef: fields.string("codeRef", maxBytes: 4096),
                testCaseId: fields.string("testCaseId", maxBytes: 4096),
                parameters: fields.attributes("parameters") ?? [],
                attributes: fields.attributes("attributes") ?? [],
                hasStats: fields.bool("hasStats") ?? true,
                retry: fields.bool("retry") ?? false,
                retryOf: fields.string("retryOf", maxBytes: 256),
                startTime: fields.time("startTime"),
                fingerprint: RPAnswer.fingerprint(Array("item".utf8), Array((parent ?? "").utf8), bytes))
            let outcome = try store.write(now: now) { try $0.startRPItem(project: project, start) }
            switch outcome {
            case .started(let uuid):
                return RPAnswer.json(201, .object([("id", .string(uuid))]))
            case .duplicate(let uuid):
                return RPAnswer.json(200, .object([("id", .string(uuid))]))
            case .noLaunch:
                throw APIError(status: 404, code: "launch_not_found",
                               message: "the item names no launch: launchUuid is missing and the parent item is unknown")
            }
        }
    }

    /// `PUT /api/v{1,2}/{project}/item/{item}`: finishes an item; a counted one becomes a result.
    /// `null` fields keep what the start said; a null status is derived from the children.
    func rpFinishItem(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let item = try rpPathKey(request, "item")
            let fields = RPFields(try rpJSONObject(request).0)
            let finish = RPItemFinish(
                endTime: fields.time("endTime"),
                status: fields.string("status", maxBytes: 64)?.uppercased(),
                issue: fields.issue("issue"),
                attributes: fields.attributes("attributes"),
                description: fields.string("description", maxBytes: 64 * 1024),
                testCaseId: fields.string("testCaseId", maxBytes: 4096),
                retry: fields.bool("retry"),
                retryOf: fields.string("retryOf", maxBytes: 256))
            let outcome = try store.write(now: now) { try $0.finishRPItem(project: project, uuid: item, finish) }
            switch outcome {
            case .finished(_, let stored):
                metrics.recordIngested(stored, source: "reportportal")
                return RPAnswer.json(200, .object([("message", .string("TestItem with ID = '\(item)' successfully finished."))]))
            case .alreadyFinished:
                return RPAnswer.json(200, .object([("message", .string("TestItem with ID = '\(item)' was already finished."))]))
            case .notFound:
                throw APIError(status: 404, code: "item_not_found", message: "Test Item '\(item)' not found in project '\(project)'")
            }
        }
    }

    /// `GET /api/v1/{project}/item/uuid/{item}`: the client reads `id`.
    func rpGetItem(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let uuid = try rpPathKey(request, "item")
            guard let item = try store.rpItem(project: project, uuid: uuid) else {
                throw APIError(status: 404, code: "item_not_found", message: "Test Item '\(uuid)' not found in project '\(project)'")
            }
            func list(_ attributes: [RPAttribute]) -> JSONValue {
                .array(attributes.map { a in
                    .object([("key", .string(a.key)), ("value", .string(a.value)), ("system", .bool(a.system))])
                })
            }
            return RPAnswer.json(200, .object([
                ("id", .int(item.id)),
                ("uuid", .string(item.uuid)),
                ("launchUuid", .string(item.launchUUID)),
                ("parentUuid", .string(item.parentUUID)),
                ("name", .string(item.name)),
                ("type", .string(item.type)),
                ("status", .string(item.status ?? "IN_PROGRESS")),
                ("hasStats", .bool(item.hasStats)),
                ("codeRef", .string(item.codeRef)),
                ("testCaseId", .string(item.testCaseId)),
                ("description", .string(item.description)),
                ("path", .string(item.path)),
                ("startTime", .int(item.startTime)),
                ("endTime", .int(item.endTime)),
                ("attributes", list(item.attributes)),
                ("parameters", list(item.parameters)),
                ("issue", item.issue.flatMap { try? JSONParser.parse($0) } ?? .null),
                ("test", .string(item.testKey)),
                ("attempt", item.attempt.map { .int($0) } ?? .null),
            ]))
        }
    }

    /// `PUT /api/v1/{project}/item/{id}/update`: a new description and attributes.
    func rpUpdateItem(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            guard let text = request.pathParameters["id"], let id = Int64(text) else {
                throw APIError(status: 404, code: "item_not_found", message: "items are updated by their numeric id")
            }
            let fields = RPFields(try rpJSONObject(request).0)
            let description = fields.string("description", maxBytes: 64 * 1024)
            let attributes = fields.attributes("attributes")
            let found = try store.write(now: now) { try $0.updateRPItem(project: project, id: id, description: description, attributes: attributes) }
            guard found else {
                throw APIError(status: 404, code: "item_not_found", message: "Test Item \(id) not found in project '\(project)'")
            }
            return RPAnswer.json(200, .object([("message", .string("TestItem with ID = '\(id)' successfully updated."))]))
        }
    }
}
