import Foundation

/// The peers of the HTTP comparison, started on loopback ports in a temporary folder.
enum Peers {
    /// Headers Verdict puts on every answer; nginx adds the same so both answers weigh the same.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-cache"),
    ]

    /// nginx (Debian's build, defaults otherwise) serving `root` on `port`: one worker per core,
    /// no access log, keep-alive connections never closed for their request count (as Verdict),
    /// `charset utf-8` and the headers above so its answer matches Verdict's.
    static func nginx(root: String, port: Int, folder: URL) throws -> PeerProcess {
        let prefix = folder.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        let headers = securityHeaders.map { "            add_header \($0.0) \"\($0.1)\" always;" }.joined(separator: "\n")
        let config = """
            worker_processes auto;
            daemon off;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                tcp_nodelay on;
                keepalive_timeout 60s;
                keepalive_requests 100000000;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
                types {
                    text/html html;
                    text/css css;
                    text/javascript js;
                    image/svg+xml svg;
                }
                default_type application/octet-stream;
                charset utf-8;
                charset_types text/css text/javascript;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
            \(headers)
                }
            }
            """
        let file = prefix.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        return try PeerProcess(name: "nginx", executable: Command.locate("nginx") ?? "/usr/sbin/nginx",
                               arguments: ["-p", prefix.path, "-c", file.path], port: port, logFolder: folder)
    }

    /// A ReportPortal server that stores nothing and answers at once: nginx returning one JSON
    /// body that satisfies every call of the pytest agent (`id` for starts, `message` for finishes,
    /// `build.version` for /api/info, `subTypes` for settings, `responses` for logs; the client
    /// never checks status codes, shared/reportportal/PROTOCOL.md §1). Item ids are nginx's
    /// random `$request_id`. The agent's own cost is what remains against this stub.
    static func reportPortalStub(port: Int, folder: URL) throws -> PeerProcess {
        let prefix = folder.appendingPathComponent("rp-stub")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        let answer = #"{"id": "$request_id", "number": 1, "message": "ok", "responses": [], "build": {"version": "5.14.0"}, "subTypes": {}}"#
        let config = """
            worker_processes auto;
            daemon off;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                keepalive_requests 100000000;
                client_max_body_size 100m;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
                default_type application/json;
                server {
                    listen 127.0.0.1:\(port);
                    location / { return 200 '\(answer)'; }
                }
            }
            """
        let file = prefix.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        return try PeerProcess(name: "rp-stub", executable: Command.locate("nginx") ?? "/usr/sbin/nginx",
                               arguments: ["-p", prefix.path, "-c", file.path], port: port, logFolder: folder)
    }

    /// The minimal Hummingbird 2 app of `bench/hummingbird/`, on an empty database of its own.
    static func hummingbird(binary: String, port: Int, folder: URL) throws -> PeerProcess {
        try PeerProcess(name: "hummingbird", executable: binary,
                        arguments: ["--port", "\(port)", "--db", folder.appendingPathComponent("peer.db").path],
                        port: port, logFolder: folder)
    }
}
