// swift-tools-version:6.0
// The peer of Verdict's JSON endpoint in `make bench`: a minimal Hummingbird 2 app answering
// `GET /healthz` exactly as Verdict does. Built only by `make bench`; never a dependency of Verdict.
import PackageDescription

let package = Package(
    name: "healthz-peer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "healthz-peer",
            dependencies: [
                "CSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
