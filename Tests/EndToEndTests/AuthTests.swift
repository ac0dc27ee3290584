import Foundation
import Reports
import Testing

@Suite struct AuthTests {
    @Test func writesNeedAToken_scopedToItsProject() throws {
        let server = try ServerProcess()
        let scoped = try createToken(server, "--project", "alpha")
        let readOnly = try createToken(server, "--read")
        let body = [result("t", "passed")]

        let anonymous = APIClient(server, useToken: false)
        let missing = try anonymous.post(project: "alpha", run: "r", results: body)
        #expect(missing.status == 401 && missing.errorCode == "unauthorized")
        #expect(missing.headers["WWW-Authenticate"] == "Bearer")

        let unknown = try APIClient(server, token: "vdt_wrong").post(project: "alpha", run: "r", results: body)
        #expect(unknown.status == 401 && unknown.errorCode == "invalid_token")

        let alpha = APIClient(server, token: scoped)
        #expect(try alpha.post(project: "alpha", run: "r", results: body).status == 201)
        let other = try alpha.post(project: "beta", run: "r", results: body)
        #expect(other.status == 403 && other.errorCode == "forbidden")

        let reader = try APIClient(server, token: readOnly).post(project: "alpha", run: "r2", results: body)
        #expect(reader.status == 403)

        // Reads are open by default.
        #expect(try anonymous.get("/api/v1/projects/alpha/runs/r").status == 200)
        #expect(try anonymous.get("/api/v1/projects/beta/runs/r").status == 404)
    }

    @Test func privateServer_needsATokenToRead() throws {
        let server = try ServerProcess(arguments: ["--private"])
        #expect(try APIClient(server, useToken: false).get("/api/v1/projects").status == 401)
        #expect(try APIClient(server).get("/api/v1/projects").status == 200)
        #expect(try APIClient(server, useToken: false).get("/healthz").status == 200)
    }

    @Test func revokedToken_isRefused() throws {
        let server = try ServerProcess()
        let token = try createToken(server, "--project", "alpha")
        #expect(try APIClient(server, token: token).post(project: "alpha", run: "r", results: [result("t", "passed")]).status == 201)
        let list = try runCLI(["token", "list", "--db", server.databasePath])
        let id = try #require(list.split(separator: "\n").dropFirst().first?.split(separator: "\t").first)
        _ = try runCLI(["token", "revoke", String(id), "--db", server.databasePath])
        #expect(try APIClient(server, token: token).post(project: "alpha", run: "r", results: [result("u", "passed")]).status == 401)
    }

    @Test func firstStart_withoutAToken_createsOneAndPrintsACurlThatWorks() throws {
        let server = try ServerProcess()
        server.kill()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: server.databasePath + suffix) }
        try server.start(withToken: false)
        // The banner comes right after the listening line.
        let log = server.stderr(containing: "curl -X POST")
        let token = try #require(log.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "'" }).first { $0.hasPrefix("vdt_") })
        #expect(log.contains("curl -X POST"))
        #expect(try APIClient(server, token: String(token)).post(run: "r", results: [result("t", "passed")]).status == 201)
    }

    private func createToken(_ server: ServerProcess, _ arguments: String...) throws -> String {
        try runCLI(["token", "create", "--db", server.databasePath] + arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs the verdict CLI and returns its standard output; throws on a non-zero exit.
func runCLI(_ arguments: [String]) throws -> String {
    let run = try CLIRun.verdict(arguments)
    guard run.status == 0 else { throw APIClientError.unexpected(Int(run.status), run.stdout) }
    return run.stdout
}
