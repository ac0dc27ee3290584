import HTTPServer
import Reports
import Testing
@testable import VerdictApp

/// `GET /metrics` called directly: labels are route patterns, values escape, histograms add up.
@Suite struct MetricsTests {
    @Test func requests_areCountedByRoutePattern_neverByRawPath() throws {
        let fixture = try AppFixture()
        _ = fixture.call("POST", "/api/v1/projects/secret-project/runs/r1/results", body: #"{"results": [{"test": "a", "status": "passed"}]}"#)
        _ = fixture.call("GET", "/api/v1/projects/secret-project/runs/r1")
        _ = fixture.call("GET", "/api/nothing/here")
        let text = String(decoding: fixture.call("GET", "/metrics").response.body, as: UTF8.self)
        #expect(text.contains(#"verdict_http_requests_total{route="/api/v1/projects/{project}/runs/{run}/results",method="POST",status="201"} 1"#))
        #expect(text.contains(#"verdict_http_requests_total{route="(not found)",method="GET",status="404"} 1"#))
        #expect(text.contains(#"verdict_results_ingested_total{source="native"} 1"#))
        #expect(!text.contains("secret-project"))
    }

    @Test func labelValues_escapeBackslashQuoteAndLineFeed() {
        #expect(PrometheusText.escape("a\\b\"c\nd") == #"a\\b\"c\nd"#)
    }

    @Test func histogram_bucketsAreCumulative_andEndWithInf() {
        var histogram = Histogram(bounds: [0.1, 1])
        for value in [0.05, 0.5, 0.7, 5] { histogram.observe(value) }
        #expect(histogram.cumulative.map(\.1) == [1, 3, 4])
        #expect(histogram.cumulative.last?.0 == "+Inf")
        #expect(histogram.sum == 6.25)
    }
}
