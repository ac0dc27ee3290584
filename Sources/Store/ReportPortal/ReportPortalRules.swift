import Reports

/// How ReportPortal's vocabulary becomes Verdict's: statuses, test keys, launch attributes.
/// Pure functions, applied by the RP writes inside their transaction; docs/reportportal.md
/// states the same rules for users.
public enum ReportPortalRules {
    /// Item types that only group other items: they keep the suite path and never count.
    public static let containerTypes: Set<String> = ["SUITE", "STORY", "TEST"]
    /// Set-up and tear-down items (other agents send them): kept with their logs, never counted.
    public static let fixtureTypes: Set<String> = [
        "BEFORE_CLASS", "BEFORE_GROUPS", "BEFORE_METHOD", "BEFORE_SUITE", "BEFORE_TEST",
        "AFTER_CLASS", "AFTER_GROUPS", "AFTER_METHOD", "AFTER_SUITE", "AFTER_TEST",
    ]

    /// An item becomes a result when it has statistics and is neither a container nor a fixture.
    /// `hasStats: false` marks nested steps, which stay with their parent and never count.
    public static func isCounted(type: String, hasStats: Bool) -> Bool {
        hasStats && !containerTypes.contains(type) && !fixtureTypes.contains(type)
    }

    // MARK: Statuses

    /// The RP statuses Verdict understands, upper-cased. Anything else is treated as "not given".
    public static let knownStatuses: Set<String> = [
        "PASSED", "FAILED", "SKIPPED", "STOPPED", "INTERRUPTED", "CANCELLED", "INFO", "WARN",
    ]

    /// An RP status as Verdict's result status:
    /// PASSED, INFO, WARN → passed; FAILED → failed; SKIPPED → skipped;
    /// STOPPED, INTERRUPTED, CANCELLED (the test never completed) → error.
    public static func status(_ rp: String) -> Status {
        switch rp.uppercased() {
        case "PASSED", "INFO", "WARN": return .passed
        case "FAILED": return .failed
        case "SKIPPED": return .skipped
        default: return .error
        }
    }

    /// The status of an item finished with `status: null` (suites always are; launches too),
    /// from its children's: FAILED if any child failed or never completed, else PASSED if any
    /// passed, else SKIPPED if any was skipped; PASSED when no child has finished.
    public static func rollUp(_ children: [String]) -> String {
        let statuses = Set(children.map { $0.uppercased() })
        if !statuses.isDisjoint(with: ["FAILED", "INTERRUPTED", "STOPPED", "CANCELLED"]) { return "FAILED" }
        if !statuses.isDisjoint(with: ["PASSED", "INFO", "WARN"]) { return "PASSED" }
        if statuses.contains("SKIPPED") { return "SKIPPED" }
        return "PASSED"
    }

    // MARK: Test keys

    /// Where a counted item's key, file and suite come from.
    public struct TestIdentity: Sendable, Equatable {
        public var key: String
        public var file: String?
        public var suite: String?
    }

    /// The test key of a counted item, fixed when the item starts:
    ///
    /// 1. A pytest `codeRef` (`tests/test_x.py:TestClass.test_name`) gives pytest's node id,
    ///    `tests/test_x.py::TestClass::test_name`, plus the parameter id that ends the item's
    ///    name (`[1-2-3]`). The same key whether the agent runs flat or with `rp_hierarchy_*`,
    ///    and the key JUnit and native posts of pytest runs use, so history joins up.
    /// 2. Else a non-empty `testCaseId`, as sent.
    /// 3. Else a non-empty `codeRef`, with the parameter values appended as `[v1,v2]`.
    /// 4. Else the names of the item's ancestors and its own, joined with `::`.
    public static func identity(
        name: String, codeRef: String?, testCaseId: String?, parameters: [String], ancestors: [String]
    ) -> TestIdentity {
        let suitePath = ancestors.isEmpty ? nil : ancestors.joined(separator: " / ")
        if let codeRef, let (file, qualifiedName) = pytestCodeRef(codeRef) {
            let parts = qualifiedName.split(separator: ".").map(String.init)
            let function = parts.last ?? qualifiedName
            let key = file + "::" + parts.joined(separator: "::") + parameterSuffix(name: name, function: function)
            let suite = ([file] + parts.dropLast()).joined(separator: " / ")
            return TestIdentity(key: key, file: file, suite: suite)
        }
        if let testCaseId, !testCaseId.isEmpty {
            return TestIdentity(key: testCaseId, file: nil, suite: suitePath)
        }
        if let codeRef, !codeRef.isEmpty {
            let key = parameters.isEmpty ? codeRef : codeRef + "[" + parameters.joined(separator: ",") + "]"
            return TestIdentity(key: key, file: nil, suite: suitePath)
        }
        return TestIdentity(key: (ancestors + [name]).joined(separator: "::"), file: nil, suite: suitePath)
    }

    /// `path/to/test_x.py:Qualified.name` → ("path/to/test_x.py", "Qualified.name"); nil for other forms.
    static func pytestCodeRef(_ codeRef: String) -> (String, String)? {
        guard let marker = codeRef.firstRange(of: ".py:") else { return nil }
        let file = String(codeRef[..<marker.lowerBound]) + ".py"
        let qualified = String(codeRef[marker.upperBound...])
        guard !qualified.isEmpty,
              qualified.unicodeScalars.allSatisfy({ $0 == "." || $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }),
              !qualified.hasPrefix("."), !qualified.hasSuffix("."), !qualified.contains("..")
        else { return nil }
        return (file, qualified)
    }

    /// The `[...]` parameter id after `function` in an item name such as
    /// `tests/t.py::C::test_add[1-2-3]` or `test_add[1-2-3]`; "" when there is none.
    static func parameterSuffix(name: String, function: String) -> String {
        guard name.hasSuffix("]") else { return "" }
        var searchStart = name.startIndex
        let needle = function + "["
        while let found = name[searchStart...].firstRange(of: needle) {
            let atBoundary = found.lowerBound == name.startIndex || name[name.index(before: found.lowerBound)] == ":"
            if atBoundary {
                return String(name[name.index(before: found.upperBound)...])
            }
            searchStart = name.index(after: found.lowerBound)
        }
        return ""
    }

    // MARK: Launch attributes

    /// Attribute keys that name the run's branch, commit or CI link. Keys compare lower-cased,
    /// with `-`, `.` and spaces read as `_`.
    public static let branchKeys: Set<String> = [
        "branch", "git_branch", "branch_name", "vcs_branch", "scm_branch", "ci_commit_branch",
        "ci_commit_ref_name", "github_ref_name", "github_head_ref", "bitbucket_branch",
    ]
    public static let commitKeys: Set<String> = [
        "commit", "git_commit", "commit_sha", "commit_id", "git_sha", "sha", "revision", "git_revision",
        "vcs_revision", "ci_commit_sha", "github_sha", "bitbucket_commit",
    ]
    public static let urlKeys: Set<String> = [
        "url", "build_url", "ci_url", "job_url", "ci_job_url", "ci_pipeline_url", "run_url", "pipeline_url",
    ]

    static func normalizedKey(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" || $0 == "." || $0 == " " ? "_" : $0 })
    }

    /// A launch as a run. Every attribute is kept: `key: value`, a value without key as
    /// `value: ""`, system attributes (agent, os, …) as `rp.key`; the description as
    /// `description`, the mode as `rp.mode`. The first non-system attribute whose key is one of
    /// `branchKeys` / `commitKeys` / `urlKeys` also sets the run's branch / commit / url.
    public static func runInfo(
        name: String?, description: String?, mode: String?, startTime: Int64?, attributes: [RPAttribute]
    ) -> RunInfo {
        var info = RunInfo(name: name, attributes: [:], startedAt: startTime)
        for attribute in attributes {
            guard let key = attribute.key, !key.isEmpty else {
                if !attribute.value.isEmpty { info.attributes[attribute.value] = info.attributes[attribute.value] ?? "" }
                continue
            }
            if attribute.system {
                info.attributes["rp." + key] = attribute.value
                continue
            }
            info.attributes[key] = info.attributes[key].map { $0 + ", " + attribute.value } ?? attribute.value
            let normalized = normalizedKey(key)
            if info.branch == nil, branchKeys.contains(normalized) { info.branch = attribute.value }
            if info.commit == nil, commitKeys.contains(normalized) { info.commit = attribute.value }
            if info.url == nil, urlKeys.contains(normalized) { info.url = attribute.value }
        }
        if let description, !description.isEmpty { info.attributes["description"] = description }
        if let mode, !mode.isEmpty { info.attributes["rp.mode"] = mode }
        return info
    }

    /// An item's attributes as a result's: `key: value` (values of a repeated key joined with
    /// ", "), a value without key as `value: ""`; then what Verdict adds under `rp.`.
    public static func resultAttributes(
        _ attributes: [RPAttribute], item uuid: String, status: String, codeRef: String?, testCaseId: String?, issue: RPIssue?
    ) -> [String: String] {
        var out: [String: String] = [:]
        for attribute in attributes where !attribute.system {
            if let key = attribute.key, !key.isEmpty {
                out[key] = out[key].map { $0 + ", " + attribute.value } ?? attribute.value
            } else if !attribute.value.isEmpty {
                out[attribute.value] = out[attribute.value] ?? ""
            }
        }
        out["rp.item"] = uuid
        out["rp.status"] = status
        if let codeRef { out["rp.code_ref"] = codeRef }
        if let testCaseId { out["rp.test_case_id"] = testCaseId }
        if let issue {
            if let type = issue.issueType { out["rp.issue"] = type }
            if let comment = issue.comment, !comment.isEmpty { out["rp.issue.comment"] = comment }
            if !issue.tickets.isEmpty { out["rp.issue.tickets"] = issue.tickets.joined(separator: ", ") }
        }
        return out
    }

    // MARK: Failure text

    /// The one-line cause in an ERROR log's text, for the result's `message`: pytest's first
    /// `E   …` line; the reason of a skip's `('file', line, 'Skipped: why')`; else the first
    /// non-empty line.
    public static func failureMessage(_ text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.rpTrimmed() }
        if let e = lines.first(where: { $0.hasPrefix("E ") }) {
            let rest = e.dropFirst(2).rpTrimmed()
            if !rest.isEmpty { return String(rest.prefix(1000)) }
        }
        guard let first = lines.first(where: { !$0.isEmpty }) else { return nil }
        if first.hasPrefix("("), first.hasSuffix(")"), let reason = skipReason(first) { return reason }
        return String(first.prefix(1000))
    }

    /// `('/path/test.py', 23, 'Skipped: not implemented yet')` → `Skipped: not implemented yet`.
    static func skipReason(_ tuple: String) -> String? {
        let inner = tuple.dropFirst().dropLast()
        guard let lastComma = inner.ranges(of: ", '").last else { return nil }
        var reason = inner[lastComma.upperBound...]
        guard reason.hasSuffix("'") else { return nil }
        reason = reason.dropLast()
        return reason.isEmpty ? nil : String(reason)
    }
}

extension Substring {
    func rpTrimmed() -> String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
