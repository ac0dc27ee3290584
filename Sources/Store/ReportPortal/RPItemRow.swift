import Reports

/// One `rp_items` row with its run's key and project, as the RP writes need it.
struct RPItemRow {
    var id: Int64
    var uuid: String
    var runID: Int64
    var runKey: String
    var projectID: Int64
    var project: String
    var parentUUID: String?
    var type: String
    var name: String
    var path: String?
    var codeRef: String?
    var testCaseId: String?
    var parameters: [RPAttribute]
    var attributes: [RPAttribute]
    var hasStats: Bool
    var testKey: String?
    var attempt: Int64?
    var startTime: Int64
    var endTime: Int64?
    var status: String?
    var statusDerived: Bool
    var interrupted: Bool
    var issue: String?

    var isCounted: Bool { testKey != nil && attempt != nil }

    static let columns = """
        rp_items.id, rp_items.uuid, rp_items.run_id, runs.key, runs.project_id, projects.name, rp_items.parent_uuid,
        rp_items.type, rp_items.name, rp_items.path, rp_items.code_ref, rp_items.test_case_id, rp_items.parameters,
        rp_items.attributes, rp_items.has_stats, rp_items.test_key, rp_items.attempt, rp_items.start_time,
        rp_items.end_time, rp_items.status, rp_items.status_derived, rp_items.interrupted, rp_items.issue
        """
    static let from = "rp_items JOIN runs ON runs.id = rp_items.run_id JOIN projects ON projects.id = runs.project_id"

    init(row: Row) {
        id = row.int(0)
        uuid = row.text(1)
        runID = row.int(2)
        runKey = row.text(3)
        projectID = row.int(4)
        project = row.text(5)
        parentUUID = row.optionalText(6)
        type = row.text(7)
        name = row.text(8)
        path = row.optionalText(9)
        codeRef = row.optionalText(10)
        testCaseId = row.optionalText(11)
        parameters = row.optionalText(12).map(RPAttributesJSON.decode) ?? []
        attributes = row.optionalText(13).map(RPAttributesJSON.decode) ?? []
        hasStats = row.int(14) != 0
        testKey = row.optionalText(15)
        attempt = row.optionalInt(16)
        startTime = row.int(17)
        endTime = row.optionalInt(18)
        status = row.optionalText(19)
        statusDerived = row.int(20) != 0
        interrupted = row.int(21) != 0
        issue = row.optionalText(22)
    }
}

extension Connection {
    /// The item with `uuid` in project `projectID`, or nil.
    func rpItemRow(uuid: String, projectID: Int64) throws -> RPItemRow? {
        try queryOne(
            "SELECT \(RPItemRow.columns) FROM \(RPItemRow.from) WHERE rp_items.uuid = ? AND runs.project_id = ?",
            [.text(uuid), .integer(projectID)], map: RPItemRow.init(row:))
    }

    /// The names of the item's known ancestors, outermost first (stops at an unknown parent).
    func rpAncestorNames(of parentUUID: String?, projectID: Int64) throws -> [String] {
        var names: [String] = []
        var next = parentUUID
        while let uuid = next, names.count < 64 {
            guard let parent = try queryOne(
                "SELECT rp_items.name, rp_items.parent_uuid FROM \(RPItemRow.from) WHERE rp_items.uuid = ? AND runs.project_id = ?",
                [.text(uuid), .integer(projectID)], map: { ($0.text(0), $0.optionalText(1)) })
            else { break }
            names.insert(parent.0, at: 0)
            next = parent.1
        }
        return names
    }
}

/// RP `{key, value, system}` lists stored as JSON text, in the order sent.
enum RPAttributesJSON {
    static func encode(_ attributes: [RPAttribute]) -> String {
        JSONWriter.string(.array(attributes.map { attribute in
            var members: [(String, JSONValue)] = []
            if let key = attribute.key { members.append(("key", .string(key))) }
            members.append(("value", .string(attribute.value)))
            if attribute.system { members.append(("system", .bool(true))) }
            return .object(members)
        }))
    }

    static func decode(_ text: String) -> [RPAttribute] {
        guard let items = (try? JSONParser.parse(text))?.array else { return [] }
        return items.compactMap { item in
            guard let value = item["value"]?.string else { return nil }
            return RPAttribute(key: item["key"]?.string, value: value, system: item["system"]?.bool ?? false)
        }
    }
}
