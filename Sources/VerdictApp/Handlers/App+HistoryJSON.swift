import Reports
import Store

/// The JSON shapes of history, comparison, failures, flakiness and quarantine (DESIGN.md fixes
/// the names it lists; the others are additions).
enum HistoryJSON {
    static func history(_ history: TestHistory) -> JSONValue {
        .object([
            ("test", .string(history.test)),
            ("quarantined", .bool(history.quarantined)),
            ("history", .array(history.entries.items.map { entry in
                .object([
                    ("run", .string(entry.run)),
                    ("verdict", .string(entry.verdict.rawValue)),
                    ("attempts", .int(entry.attempts)),
                    ("duration_ms", .int(entry.durationMs)),
                    ("worker", .string(entry.worker)),
                    ("commit", .string(entry.commit)),
                    ("branch", .string(entry.branch)),
                    ("started_at", JSONShapes.time(entry.startedAt)),
                    ("signature", .string(entry.signature)),
                ])
            })),
            ("next", JSONShapes.next(history.entries.next)),
        ])
    }

    static func testSummary(_ test: TestSummary) -> JSONValue {
        .object([
            ("test", .string(test.test)),
            ("latest_verdict", .string(test.latestVerdict?.rawValue)),
            ("latest_run", .string(test.latestRun)),
            ("failure_rate", test.failureRate.map { .number(rounded($0)) } ?? .null),
            ("failed", .int(test.failed)),
            ("runs", .int(test.runs)),
            ("quarantined", .bool(test.quarantined)),
        ])
    }

    static func comparison(_ c: RunComparison) -> JSONValue {
        func list(_ tests: [String]) -> JSONValue { .array(tests.map { .string($0) }) }
        func changes(_ list: [DurationChange]) -> JSONValue {
            .array(list.map { change in
                .object([
                    ("test", .string(change.test)),
                    ("duration_ms", .int(change.durationMs)),
                    ("base_duration_ms", .int(change.baseDurationMs)),
                    ("change_ms", .int(change.changeMs)),
                ])
            })
        }
        return .object([
            ("run", .string(c.run)),
            ("base", .string(c.base)),
            ("new_failures", list(c.newFailures)),
            ("fixed", list(c.fixed)),
            ("still_failing", list(c.stillFailing)),
            ("new_tests", list(c.newTests)),
            ("removed_tests", list(c.removedTests)),
            ("flaky", list(c.flaky)),
            ("duration_ms", .int(c.durationMs)),
            ("base_duration_ms", .int(c.baseDurationMs)),
            ("duration_change_ms", .int(c.durationChangeMs)),
            ("slower", changes(c.slower)),
            ("faster", changes(c.faster)),
        ])
    }

    static func failures(_ failures: RunFailures, days: Int, defaultBranch: String) -> JSONValue {
        .object([
            ("run", .string(failures.run)),
            ("branch", .string(failures.branch)),
            ("new_days", .int(days)),
            ("default_branch", .string(defaultBranch)),
            ("groups", .array(failures.groups.map { group in
                .object([
                    ("signature", .string(group.signature)),
                    ("count", .int(group.tests.count)),
                    ("tests", .array(group.tests.map { .string($0) })),
                    ("new", .bool(group.isNew)),
                    ("first_seen", JSONShapes.time(group.firstSeen?.at)),
                    ("first_seen_run", .string(group.firstSeen?.run)),
                    ("last_seen", JSONShapes.time(group.lastSeen?.at)),
                    ("last_seen_run", .string(group.lastSeen?.run)),
                    ("seen_before", sighting(group.seenBefore)),
                    ("example", .string(group.example)),
                ])
            })),
        ])
    }

    static func sighting(_ sighting: Sighting?) -> JSONValue {
        guard let sighting else { return .null }
        return .object([("run", .string(sighting.run)), ("branch", .string(sighting.branch)), ("at", JSONShapes.time(sighting.at))])
    }

    static func flakyTest(_ test: FlakyTest) -> JSONValue {
        let s = test.signals
        return .object([
            ("test", .string(test.test)),
            ("classification", .string(test.classification?.rawValue)),
            ("score", .number(test.score)),
            ("reason", .string(test.reason)),
            ("quarantined", .bool(test.quarantined)),
            ("last_flake", JSONShapes.time(s.lastFlake?.at)),
            ("last_flake_run", .string(s.lastFlake?.run)),
            ("signals", .object([
                ("retry", .object([("count", .int(s.retryCount)), ("runs", .array(s.retryRuns.map { .string($0) }))])),
                ("commit", .object([
                    ("count", .int(s.commitFlakes.count)),
                    ("commits", .array(s.commitFlakes.map { flake in
                        .object([
                            ("commit", .string(flake.commit)),
                            ("runs", .array(flake.runs.map { .string($0) })),
                            ("failed_runs", .array(flake.failedRuns.map { .string($0) })),
                            ("passed_runs", .array(flake.passedRuns.map { .string($0) })),
                        ])
                    })),
                ])),
                ("flip_rate", .object([
                    ("rate", .number(rounded(s.flipRate))), ("flips", .int(s.flips)), ("runs", .int(s.runs)),
                    ("transitions", .int(s.transitions)),
                ])),
                ("failure_rate", .object([("rate", .number(rounded(s.failureRate))), ("failed", .int(s.failed)), ("runs", .int(s.runs))])),
                ("streak", .object([("clean", .int(s.cleanStreak)), ("failing", .int(s.failingStreak))])),
                ("last_flake", s.lastFlake.map { event in
                    .object([("run", .string(event.run)), ("at", JSONShapes.time(event.at)), ("kind", .string(event.kind.rawValue))])
                } ?? .null),
            ])),
        ])
    }

    static func window(_ window: FlakyWindow, query: FlakyQuery) -> JSONValue {
        .object([
            ("days", .int(query.days)),
            ("branch", .string(query.branch)),
            ("min_runs", .int(query.minRuns)),
            ("from", JSONShapes.time(window.from)),
            ("to", JSONShapes.time(window.to)),
            ("runs", .int(window.runs)),
            ("outage_runs", .array(window.outageRuns.map { .string($0) })),
            ("running_runs", .int(window.runningRuns)),
        ])
    }

    static func quarantineEntry(_ entry: QuarantineEntry) -> JSONValue {
        .object([("test", .string(entry.test)), ("reason", .string(entry.reason)), ("created_at", JSONShapes.time(entry.createdAt))])
    }

    /// Rates to 4 decimal places: more would be noise.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
