extension App {
    /// The ReportPortal-compatible API (docs/reportportal.md) and the native reads of what it
    /// stores (logs, attachments).
    static let reportPortalRoutes: [Route] = reportPortalCompatibleRoutes + logRoutes

    /// ReportPortal's own paths, served beside the native API: the router tries literal
    /// segments first and backtracks, so a project called `projects` works in both APIs.
    /// Not in the OpenAPI spec: they follow ReportPortal's API, not Verdict's.
    static let reportPortalCompatibleRoutes: [Route] = [
        Route(method: "GET", pattern: "/api/info", access: .open, handler: { app, _ in app.rpInfo() }),
        Route(method: "GET", pattern: "/api/v1/{project}/settings", access: .read, handler: { app, _ in app.rpSettings() }),
        Route(method: "POST", pattern: "/api/v1/{project}/launch", access: .write, handler: { app, r in app.rpStartLaunch(r) }),
        Route(method: "POST", pattern: "/api/v2/{project}/launch", access: .write, handler: { app, r in app.rpStartLaunch(r) }),
        Route(method: "PUT", pattern: "/api/v1/{project}/launch/{launch}/finish", access: .write, handler: { app, r in app.rpFinishLaunch(r) }),
        Route(method: "PUT", pattern: "/api/v2/{project}/launch/{launch}/finish", access: .write, handler: { app, r in app.rpFinishLaunch(r) }),
        Route(method: "GET", pattern: "/api/v1/{project}/launch/uuid/{launch}", access: .read, handler: { app, r in app.rpGetLaunch(r) }),
        Route(method: "POST", pattern: "/api/v1/{project}/item", access: .write, handler: { app, r in app.rpStartItem(r) }),
        Route(method: "POST", pattern: "/api/v2/{project}/item", access: .write, handler: { app, r in app.rpStartItem(r) }),
        Route(method: "POST", pattern: "/api/v1/{project}/item/{parent}", access: .write, handler: { app, r in app.rpStartItem(r) }),
        Route(method: "POST", pattern: "/api/v2/{project}/item/{parent}", access: .write, handler: { app, r in app.rpStartItem(r) }),
        Route(method: "PUT", pattern: "/api/v1/{project}/item/{item}", access: .write, handler: { app, r in app.rpFinishItem(r) }),
        Route(method: "PUT", pattern: "/api/v2/{project}/item/{item}", access: .write, handler: { app, r in app.rpFinishItem(r) }),
        Route(method: "GET", pattern: "/api/v1/{project}/item/uuid/{item}", access: .read, handler: { app, r in app.rpGetItem(r) }),
        Route(method: "PUT", pattern: "/api/v1/{project}/item/{id}/update", access: .write, handler: { app, r in app.rpUpdateItem(r) }),
        Route(method: "POST", pattern: "/api/v1/{project}/log", access: .write, handler: { app, r in app.rpPostLogs(r) }),
        Route(method: "POST", pattern: "/api/v2/{project}/log", access: .write, handler: { app, r in app.rpPostLogs(r) }),
    ]

    /// Native reads of the logs and attachments that came through the ReportPortal API.
    static let logRoutes: [Route] = [
        Route(method: "GET", pattern: "/api/v1/projects/{project}/runs/{run}/logs", access: .read, handler: { app, r in try app.listRunLogs(r) }),
        Route(method: "GET", pattern: "/api/v1/projects/{project}/attachments/{attachment}", access: .read, handler: { app, r in try app.getAttachment(r) }),
    ]
}

/// Settings of the ReportPortal-compatible API.
public struct ReportPortalConfiguration: Sendable {
    /// Attachments larger than this keep only their name, type and size.
    public var maxAttachmentBytes = 16 * 1024 * 1024
    /// A log request may be this large: the agent batches up to about 64 MB of logs and files.
    /// Needs the server's body limit (`--max-body-bytes`, 256 MiB by default) to be at least this.
    public var maxLogBatchBytes = 80 * 1024 * 1024
    /// The version `GET /api/info` reports. 5.13.2 or later makes the agent send ISO 8601 times
    /// with microseconds instead of epoch milliseconds.
    public var reportedVersion = "5.14.0"

    public init() {}
}
