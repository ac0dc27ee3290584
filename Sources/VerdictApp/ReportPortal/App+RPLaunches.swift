import HTTPServer
import Reports
import Store

extension App {
    /// `POST /api/v{1,2}/{project}/launch`: a run keyed by the launch uuid; answers `{id, number}`.
    func rpStartLaunch(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let (body, bytes) = try rpJSONObject(request)
            let fields = RPFields(body)
            let start = RPLaunchStart(
                uuid: rpKey(fields.string("uuid")) ?? RPAnswer.newUUID(),
                name: fields.string("name", maxBytes: 1024) ?? "Launch",
                description: fields.string("description", maxBytes: 64 * 1024),
                mode: fields.string("mode", maxBytes: 32),
                startTime: fields.time("startTime"),
                attributes: fields.attributes("attributes") ?? [],
                rerun: fields.bool("rerun") ?? false,
                rerunOf: rpKey(fields.string("rerunOf")),
                fingerprint: RPAnswer.fingerprint(Array("launch".utf8), bytes))
            let started = try store.write(now: now) { try $0.startRPLaunch(project: project, start) }
            return RPAnswer.json(started.created ? 201 : 200, .object([
                ("id", .string(started.uuid)),
                ("number", .int(started.number)),
            ]))
        }
    }

    /// `PUT /api/v{1,2}/{project}/launch/{launch}/finish`: closes what is still open, finishes
    /// the run at the client's `endTime`; idempotent.
    func rpFinishLaunch(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let launch = try rpPathKey(request, "launch")
            let fields = RPFields(try rpJSONObject(request).0)
            let finish = RPLaunchFinish(
                endTime: fields.time("endTime"),
                description: fields.string("description", maxBytes: 64 * 1024),
                attributes: fields.attributes("attributes"))
            guard let outcome = try store.write(now: now, { try $0.finishRPLaunch(project: project, uuid: launch, finish) }) else {
                throw APIError(status: 404, code: "launch_not_found", message: "Launch '\(launch)' not found in project '\(project)'")
            }
            metrics.recordIngested(outcome.storedResults, source: "reportportal")
            return RPAnswer.json(200, .object([
                ("id", .string(launch)),
                ("number", .int(outcome.number)),
                ("link", .string(rpLink(request, project: project, launch: launch))),
            ]))
        }
    }

    /// `GET /api/v1/{project}/launch/uuid/{launch}`: the client reads `id` and `mode`.
    func rpGetLaunch(_ request: Request) -> Response {
        reportPortal {
            let project = try projectName(request)
            let launch = try rpPathKey(request, "launch")
            guard let record = try store.rpLaunch(project: project, uuid: launch) else {
                throw APIError(status: 404, code: "launch_not_found", message: "Launch '\(launch)' not found in project '\(project)'")
            }
            let status: String = switch record.status {
            case .running: "IN_PROGRESS"
            case .passed: "PASSED"
            case .failed: "FAILED"
            }
            return RPAnswer.json(200, .object([
                ("id", .int(record.number)),
                ("uuid", .string(record.uuid)),
                ("number", .int(record.number)),
                ("name", .string(record.name)),
                ("description", .string(record.attributes["description"])),
                ("mode", .string(record.attributes["rp.mode"] ?? "DEFAULT")),
                ("status", .string(status)),
                ("startTime", .int(record.startTime)),
                ("endTime", .int(record.endTime)),
                ("attributes", .array(record.attributes.sorted { $0.key < $1.key }.map {
                    .object([("key", .string($0.key)), ("value", .string($0.value))])
                })),
            ]))
        }
    }
}
