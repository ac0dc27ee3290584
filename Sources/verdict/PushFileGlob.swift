#if canImport(Glibc)
import Glibc
#endif

/// Expands the file arguments of `verdict push` itself, so a quoted glob works the same in every
/// shell and CI (`'build/**/TEST-*.xml'`).
///
/// Each path component is matched with fnmatch(3), which gives `*`, `?`, `[...]` and `\` escapes;
/// a component that is `**` matches any number of directories, none included. As in shells, `*`
/// and `**` skip names starting with `.` unless the pattern spells the dot, and `**` does not
/// descend through symbolic links (no cycles). Only regular files (or links to them) match.
enum PushFileGlob {
    /// Whether `pattern` has glob metacharacters; otherwise it names one path as written.
    static func isPattern(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The files `pattern` matches, sorted, with paths spelled relative the way the pattern is.
    static func expand(_ pattern: String) -> [String] {
        let absolute = pattern.hasPrefix("/")
        let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var directories = [absolute ? "/" : ""]
        for (index, component) in components.enumerated() {
            let last = index == components.count - 1
            var next: [String] = []
            for directory in directories {
                if component == "**" {
                    let tree = [directory] + subdirectories(of: directory)
                    next += last ? tree.flatMap { entries(of: $0).filter { !$0.name.hasPrefix(".") }.map { join($0.base, $0.name) } } : tree
                } else if isPattern(component) {
                    for entry in entries(of: directory) where fnmatch(component, entry.name, FNM_PERIOD) == 0 {
                        next.append(join(directory, entry.name))
                    }
                } else {
                    next.append(join(directory, component))
                }
            }
            directories = last ? next : next.filter { kind(of: $0) == .directory }
        }
        return Array(Set(directories.filter { kind(of: $0) == .file })).sorted()
    }

    enum Kind { case file, directory, other, missing }

    /// What is at `path`, links followed.
    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path.isEmpty ? "." : path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The names in `directory` (not `.` or `..`), unsorted; none when it cannot be read.
    private static func entries(of directory: String) -> [(base: String, name: String)] {
        guard let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(handle) }
        var names: [(String, String)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append((directory, name)) }
        }
        return names
    }

    /// Every directory below `directory`, depth first, skipping hidden ones and symbolic links.
    private static func subdirectories(of directory: String) -> [String] {
        var found: [String] = []
        for entry in entries(of: directory) where !entry.name.hasPrefix(".") {
            let path = join(directory, entry.name)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            found.append(path)
            found += subdirectories(of: path)
        }
        return found
    }
}
