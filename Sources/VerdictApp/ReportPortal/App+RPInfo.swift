import HTTPServer
import Reports

extension App {
    /// `GET /api/info`. The client picks its timestamp format from `build.version`: 5.13.2 or
    /// later makes it send ISO 8601 times with microseconds, which Verdict prefers to epoch ms.
    func rpInfo() -> Response {
        RPAnswer.json(200, .object([
            ("build", .object([
                ("name", "Verdict (ReportPortal-compatible API)"),
                ("repo", "verdict"),
                ("version", .string(configuration.reportPortal.reportedVersion)),
            ])),
        ]))
    }

    /// `GET /api/v1/{project}/settings`: ReportPortal's default defect types. The agent looks up
    /// `@pytest.mark.issue(issue_type=…)` here, and a body without `subTypes` makes it crash the
    /// test run, so this answer never depends on anything that could fail.
    func rpSettings() -> Response {
        func type(_ id: Int, _ locator: String, _ typeRef: String, _ longName: String, _ shortName: String, _ color: String) -> JSONValue {
            .array([.object([
                ("id", .int(id)), ("locator", .string(locator)), ("typeRef", .string(typeRef)),
                ("longName", .string(longName)), ("shortName", .string(shortName)), ("color", .string(color)),
            ])])
        }
        return RPAnswer.json(200, .object([
            ("subTypes", .object([
                ("TO_INVESTIGATE", type(1, "ti001", "TO_INVESTIGATE", "To Investigate", "TI", "#ffb743")),
                ("PRODUCT_BUG", type(2, "pb001", "PRODUCT_BUG", "Product Bug", "PB", "#ec3900")),
                ("AUTOMATION_BUG", type(3, "ab001", "AUTOMATION_BUG", "Automation Bug", "AB", "#f7d63e")),
                ("SYSTEM_ISSUE", type(4, "si001", "SYSTEM_ISSUE", "System Issue", "SI", "#0274d1")),
                ("NO_DEFECT", type(5, "nd001", "NO_DEFECT", "No Defect", "ND", "#777777")),
            ])),
        ]))
    }
}
