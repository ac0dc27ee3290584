// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for Verdict's parsers. A package of its own so the product's build never
/// pays for it: the parsers' sources are symbolic links into the main package (`Sources/*`),
/// compiled here with `swift build --sanitize=fuzzer --sanitize=address`. See docs/operations.md, "Fuzzing".
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "VerdictFuzz",
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0"),
        .target(name: "CEpoll"),
        .target(name: "HTTPServer", dependencies: ["CZlib", "CEpoll"]),
        .target(name: "Reports", dependencies: ["CLibXML2"]),
        .target(name: "FuzzSupport", dependencies: ["HTTPServer"]),
        .executableTarget(name: "FuzzRequestParser", dependencies: ["FuzzSupport", "HTTPServer"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzChunked", dependencies: ["FuzzSupport", "HTTPServer"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzJUnit", dependencies: ["FuzzSupport", "Reports"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzNativeJSON", dependencies: ["FuzzSupport", "Reports"], swiftSettings: fuzzTarget),
    ]
)
