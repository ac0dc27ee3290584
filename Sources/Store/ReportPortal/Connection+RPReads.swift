import Reports

extension Connection {
    func rpLaunch(project: String, uuid: String) throws -> RPLaunchRecord? {
        try queryOne(
            """
            SELECT runs.id, runs.key, runs.name, runs.status, runs.started_at, runs.finished_at, runs.attributes
            FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?
            """,
            [.text(project), .text(uuid)],
            map: { row in
                RPLaunchRecord(
                    number: row.int(0), uuid: row.text(1), name: row.optionalText(2), status: RunStatus(rawValue: row.text(3)) ?? .running,
                    startTime: row.optionalInt(4), endTime: row.optionalInt(5), attributes: AttributesJSON.decode(row.text(6)))
            })
    }

    func rpItem(project: String, uuid: String) throws -> RPItemRecord? {
        try queryOne(
            """
            SELECT rp_items.id, rp_items.uuid, runs.key, rp_items.parent_uuid, rp_items.type, rp_items.name, rp_items.path,
                   rp_items.code_ref, rp_items.test_case_id, rp_items.description, rp_items.has_stats, rp_items.status,
                   rp_items.start_time, rp_items.end_time, rp_items.test_key, rp_items.attempt, rp_items.attributes,
                   rp_items.parameters, rp_items.issue
            FROM \(RPItemRow.from) WHERE projects.name = ? AND rp_items.uuid = ?
            """,
            [.text(project), .text(uuid)],
            map: { row in
                RPItemRecord(
                    id: row.int(0), uuid: row.text(1), launchUUID: row.text(2), parentUUID: row.optionalText(3), type: row.text(4),
                    name: row.text(5), path: row.optionalText(6), codeRef: row.optionalText(7), testCaseId: row.optionalText(8),
                    description: row.optionalText(9), hasStats: row.int(10) != 0, status: row.optionalText(11),
                    startTime: row.int(12), endTime: row.optionalInt(13), testKey: row.optionalText(14),
                    attempt: row.optionalInt(15).map(Int.init), attributes: row.optionalText(16).map(RPAttributesJSON.decode) ?? [],
                    parameters: row.optionalText(17).map(RPAttributesJSON.decode) ?? [], issue: row.optionalText(18))
            })
    }

    /// A run's log lines in time order, optionally only those of one test (and attempt),
    /// nested steps included. The cursor is "time:id" of the last line of the previous page.
    /// nil when the run does not exist.
    func runLogs(project: String, run: String, test: String?, attempt: Int?, limit: Int, after: String?) throws -> Page<RunLog>? {
        guard let runID = try queryOne(
            "SELECT runs.id FROM runs JOIN projects ON projects.id = runs.project_id WHERE projects.name = ? AND runs.key = ?",
            [.text(project), .text(run)], map: { $0.int(0) })
        else { return nil }
        // Each item's owning test: counted items own themselves; nested steps inherit it.
        var sql = """
            WITH RECURSIVE owner(uuid, test_key, attempt) AS (
                SELECT uuid, test_key, attempt FROM rp_items WHERE run_id = ?1 AND test_key IS NOT NULL
                UNION ALL
                SELECT child.uuid, owner.test_key, owner.attempt FROM rp_items AS child JOIN owner ON child.parent_uuid = owner.uuid
                WHERE child.run_id = ?1 AND child.test_key IS NULL
            )
            SELECT rp_logs.id, rp_logs.time, rp_logs.level, rp_logs.message, rp_items.name, owner.test_key, owner.attempt,
                   rp_attachments.id, rp_attachments.name, rp_attachments.content_type, rp_attachments.size,
                   rp_attachments.bytes IS NOT NULL
            FROM rp_logs
            LEFT JOIN rp_items ON rp_items.uuid = rp_logs.item_uuid
            LEFT JOIN owner ON owner.uuid = rp_logs.item_uuid
            LEFT JOIN rp_attachments ON rp_attachments.id = rp_logs.attachment_id
            WHERE rp_logs.run_id = ?1
            """
        var values: [SQLValue] = [.integer(runID)]
        if let test {
            values.append(.text(test))
            sql += " AND owner.test_key = ?\(values.count)"
            if let attempt {
                values.append(.int(attempt))
                sql += " AND owner.attempt = ?\(values.count)"
            }
        }
        if let cursor = after.flatMap(Self.parseCursor) {
            values += [.integer(cursor.0), .integer(cursor.1)]
            sql += " AND (rp_logs.time, rp_logs.id) > (?\(values.count - 1), ?\(values.count))"
        }
        values.append(.int(limit + 1))
        sql += " ORDER BY rp_logs.time, rp_logs.id LIMIT ?\(values.count)"
        let rows = try query(sql, values) { row in
            RunLog(
                id: row.int(0), time: row.int(1), level: row.text(2), message: row.text(3), item: row.optionalText(4),
                test: row.optionalText(5), attempt: row.optionalInt(6).map(Int.init),
                attachment: row.isNull(7) ? nil : AttachmentInfo(
                    id: row.int(7), name: row.text(8), contentType: row.text(9), size: Int(row.int(10)), stored: row.int(11) != 0))
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { "\($0.time):\($0.id)" } : nil
        return Page(items: page, next: next)
    }

    func attachment(project: String, id: Int64) throws -> StoredAttachment? {
        try queryOne(
            """
            SELECT rp_attachments.id, rp_attachments.name, rp_attachments.content_type, rp_attachments.size, rp_attachments.bytes
            FROM rp_attachments JOIN projects ON projects.id = rp_attachments.project_id
            WHERE projects.name = ? AND rp_attachments.id = ?
            """,
            [.text(project), .integer(id)],
            map: { row in
                StoredAttachment(
                    info: AttachmentInfo(id: row.int(0), name: row.text(1), contentType: row.text(2), size: Int(row.int(3)),
                                         stored: !row.isNull(4)),
                    bytes: row.isNull(4) ? nil : row.blob(4))
            })
    }
}

extension Store {
    /// The launch with this uuid (a run key), or nil.
    public func rpLaunch(project: String, uuid: String) throws -> RPLaunchRecord? {
        try read { try $0.rpLaunch(project: project, uuid: uuid) }
    }

    /// The item with this uuid, or nil.
    public func rpItem(project: String, uuid: String) throws -> RPItemRecord? {
        try read { try $0.rpItem(project: project, uuid: uuid) }
    }

    /// A run's log lines (see `Connection.runLogs`); nil when the run does not exist.
    public func runLogs(project: String, run: String, test: String? = nil, attempt: Int? = nil, limit: Int, after: String? = nil) throws -> Page<RunLog>? {
        try read { try $0.runLogs(project: project, run: run, test: test, attempt: attempt, limit: limit, after: after) }
    }

    /// An attachment of the project, with its bytes; nil when there is none with this id.
    public func attachment(project: String, id: Int64) throws -> StoredAttachment? {
        try read { try $0.attachment(project: project, id: id) }
    }
}
