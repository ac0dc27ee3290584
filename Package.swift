// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Verdict",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "verdict", targets: ["verdict"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CEpoll"),
        .target(name: "HTTPServer", dependencies: ["CZlib", "CEpoll"]),
        .target(name: "Reports", dependencies: ["CLibXML2"]),
        .target(name: "Store", dependencies: ["CSQLite", "Reports"]),
        .target(
            name: "VerdictApp",
            dependencies: ["HTTPServer", "Store", "Reports"],
            plugins: ["EmbedAssets"]
        ),
        .executableTarget(name: "embed-assets", path: "Sources/embed-assets"),
        .executableTarget(
            name: "verdict-bench",
            dependencies: [
                "HTTPServer", "Reports", "CSQLite", "VerdictApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(name: "EmbedAssets", capability: .buildTool(), dependencies: ["embed-assets"]),
        .executableTarget(
            name: "verdict",
            dependencies: [
                "VerdictApp", "Store", "HTTPServer", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "VerdictApp"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Reports"]),
        .testTarget(name: "VerdictAppTests", dependencies: ["VerdictApp", "HTTPServer", "Store", "Reports"]),
        .testTarget(name: "verdictTests", dependencies: ["verdict", "HTTPServer"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Reports", "HTTPServer", "Store", "VerdictApp"]),
    ]
)
