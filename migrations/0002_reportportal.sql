-- The ReportPortal-compatible API (docs/reportportal.md). A launch is a run (its uuid is the
-- run key) and a counted item is a result; these tables keep what runs and results have no
-- place for: the item tree, the logs and the attachments. Times are epoch milliseconds (UTC).
-- Indexes are only those the writes need per request; a run's items and logs are found through
-- the (run_id, fingerprint) keys.

-- Launch starts already answered, so the same request sent twice answers the same launch.
CREATE TABLE rp_launch_starts (
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (project_id, fingerprint)
) WITHOUT ROWID;

-- Every item (suite, test, nested step), created by uuid before it finishes, so finishes,
-- children and logs may arrive in any order.
CREATE TABLE rp_items (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    parent_uuid     TEXT,                   -- as the URL said, even when this server never saw that item
    fingerprint     TEXT NOT NULL,          -- of the start request: the same start twice is one item
    type            TEXT NOT NULL,          -- upper-cased: SUITE, STEP, ...
    name            TEXT NOT NULL,
    path            TEXT,                   -- the ancestors' names, outermost first, joined with " / "
    code_ref        TEXT,
    test_case_id    TEXT,
    description     TEXT,
    parameters      TEXT,                   -- JSON [{key, value}]
    attributes      TEXT,                   -- JSON [{key, value, system}]
    has_stats       INTEGER NOT NULL,
    retry_of        TEXT,
    test_key        TEXT,                   -- counted items: the result's test key ...
    attempt         INTEGER,                -- ... and attempt, fixed at start
    start_time      INTEGER NOT NULL,
    end_time        INTEGER,                -- NULL while running
    status          TEXT,                   -- RP status, upper-cased, as sent or derived
    status_derived  INTEGER NOT NULL DEFAULT 0,  -- sent as null: re-derived when a child finishes later
    interrupted     INTEGER NOT NULL DEFAULT 0,  -- closed by the launch finish; a late real finish replaces it
    issue           TEXT,                   -- JSON as sent
    created_at      INTEGER NOT NULL,
    UNIQUE (run_id, fingerprint)
);
CREATE INDEX rp_items_by_parent ON rp_items (parent_uuid) WHERE parent_uuid IS NOT NULL;
CREATE INDEX rp_items_by_test ON rp_items (run_id, test_key, attempt) WHERE test_key IS NOT NULL;

-- Files sent with log entries. `bytes` is NULL when the file was over the size limit.
CREATE TABLE rp_attachments (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    bytes         BLOB
);

-- Log lines, against their item (NULL: a launch-level line).
CREATE TABLE rp_logs (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    item_uuid      TEXT,
    time           INTEGER NOT NULL,
    level          TEXT NOT NULL,
    message        TEXT NOT NULL,
    attachment_id  INTEGER REFERENCES rp_attachments(id) ON DELETE SET NULL,
    fingerprint    TEXT NOT NULL,           -- of the entry: the same entry twice is one line
    UNIQUE (run_id, fingerprint)
);
CREATE INDEX rp_logs_by_item ON rp_logs (item_uuid, time) WHERE item_uuid IS NOT NULL;
