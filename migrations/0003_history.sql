-- History, flakiness and failure queries (docs/flaky.md). Each index makes one read cost what it
-- returns rather than what is stored.

-- A test's verdict in every run, in run order, without touching the table: /flaky reads each
-- candidate's window from here, and test history and the test list page through it. It replaces
-- run_tests_by_test, of which it is an extension (same name, one more column).
DROP INDEX run_tests_by_test;
CREATE INDEX run_tests_by_test ON run_tests (test_id, run_id, verdict);

-- A run's failing rows with their verdict and signature, covering: /flaky gathers candidates and
-- /failures groups a run's failures from the few failing rows alone.
DROP INDEX run_tests_failing;
CREATE INDEX run_tests_failing ON run_tests (run_id, test_id, verdict, signature_id)
    WHERE verdict IN ('failed', 'error', 'flaky');

-- Runs by when they started (else when the server first saw them): the window of /flaky and
-- the "last N days" of new failure signatures are ranges of this index.
CREATE INDEX runs_by_time ON runs (project_id, coalesce(started_at, created_at));
