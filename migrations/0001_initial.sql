-- Verdict's first schema. Times are integer milliseconds since the epoch (UTC).
-- A shipped migration is never edited: add a new file instead.

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- A run is (project, key); the key comes from the client (a CI build id).
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    name         TEXT,
    branch       TEXT,
    commit_sha   TEXT,
    url          TEXT,
    attributes   TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'passed', 'failed')),
    started_at   INTEGER,              -- as the client said; else the first result's time
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,     -- last write into the run, for the idle timeout
    finished_at  INTEGER,
    -- Tests by verdict and stored attempts, maintained on every insert so summaries and the
    -- outage filter never count rows.
    passed       INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    error        INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER NOT NULL DEFAULT 0,
    flaky        INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (project_id, key)
);
-- Newest first is id order: a run's id grows with its creation.
CREATE INDEX runs_by_project ON runs (project_id, id);
CREATE INDEX runs_by_branch ON runs (project_id, branch, id);
CREATE INDEX runs_running ON runs (updated_at) WHERE status = 'running';

CREATE TABLE tests (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    file        TEXT,
    suite       TEXT,
    UNIQUE (project_id, key)
);

-- One attempt of one test in one run; (run, test, attempt) is unique, so a repeated post adds nothing.
CREATE TABLE results (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    test_id      INTEGER NOT NULL REFERENCES tests(id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error', 'skipped')),
    duration_ms  INTEGER,
    started_at   INTEGER,
    worker       TEXT NOT NULL,
    suite        TEXT,                 -- only where it differs from the test's (a test run in several suites)
    message      TEXT,
    trace        TEXT,
    output       TEXT,
    attributes   TEXT,
    received_at  INTEGER NOT NULL,
    UNIQUE (run_id, test_id, attempt)
);
CREATE INDEX results_by_test ON results (test_id);

-- Normalized failure causes (Reports.FailureSignature), one row per distinct text in a project.
CREATE TABLE signatures (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    UNIQUE (project_id, text)
);

-- Maintained on every insert: a test's verdict in a run, so counts, history and flakiness
-- never re-aggregate raw attempts.
CREATE TABLE run_tests (
    run_id           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    test_id          INTEGER NOT NULL REFERENCES tests(id) ON DELETE CASCADE,
    verdict          TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    last_attempt     INTEGER NOT NULL,
    last_status      TEXT NOT NULL,
    failed_attempts  INTEGER NOT NULL,
    duration_ms      INTEGER,
    worker           TEXT,
    signature_id     INTEGER REFERENCES signatures(id),  -- of the latest failed attempt
    signature_attempt INTEGER,
    PRIMARY KEY (run_id, test_id)
) WITHOUT ROWID;
CREATE INDEX run_tests_by_test ON run_tests (test_id, run_id);
-- Failures are rare: flakiness and failure queries start from these few rows, not from every result.
CREATE INDEX run_tests_failing ON run_tests (run_id, test_id) WHERE verdict IN ('failed', 'error', 'flaky');
CREATE INDEX run_tests_by_signature ON run_tests (signature_id, run_id) WHERE signature_id IS NOT NULL;

-- Maintained on every insert: the per-worker lanes of a run.
CREATE TABLE run_workers (
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    results   INTEGER NOT NULL,
    first_at  INTEGER NOT NULL,
    last_at   INTEGER NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;

-- Known-flaky tests a CI job may skip or ignore; they still record results.
CREATE TABLE quarantine (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    test_key    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (project_id, test_key)
) WITHOUT ROWID;

-- Idempotency-Key: the first answer, replayed for a repeated request.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,        -- project and route, so keys of different clients never meet
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,        -- of the request body; a different body with the same key is refused
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    -- Set for report uploads: their key (the report's hash) lives as long as the run, so a
    -- report re-sent days later still stores nothing new. Other keys expire after a day.
    run_id       INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    PRIMARY KEY (scope, key)
);

-- API tokens, kept only as SHA-256 hashes.
CREATE TABLE tokens (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    hash        BLOB NOT NULL UNIQUE,
    project     TEXT,                  -- NULL: every project
    can_write   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
