import Foundation
import Glibc

/// What the figures were measured on.
enum Machine {
    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var cpu: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last
        return model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    }

    static var operatingSystem: String {
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let name = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?.dropFirst("PRETTY_NAME=".count)
        return name.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "Linux"
    }

    static var kernel: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static var swift: String {
        let outcome = try? Command(executable: "swift", arguments: ["--version"]).run()
        return (outcome?.stdout ?? "").split(separator: "\n").first { $0.contains("Swift version") }.map(String.init) ?? "Swift"
    }

    /// One line: `2 × AMD EPYC, 23.5 GiB, Debian GNU/Linux 12 (bookworm), Linux 6.1, Swift version 6.3.1`.
    static var description: String {
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return String(format: "%d × %@, %.1f GiB RAM, %@, Linux %@, %@", ProcessInfo.processInfo.activeProcessorCount, cpu, memory,
                      operatingSystem, kernel, swift)
    }
}
