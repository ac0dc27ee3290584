import Glibc
import Testing
@testable import VerdictApp

@Suite struct ProcessStatsTests {
    @Test func residentBytes_isPlausible() throws {
        let bytes = try #require(ProcessStats.residentBytes)
        #expect(bytes > 1 << 20 && bytes < 64 << 30)
    }

    @Test func openDescriptors_countsADescriptorOpenedMeanwhile() throws {
        // Tests run in parallel and open files too: take the smallest of a few differences.
        var differences: [Int] = []
        for _ in 0..<5 {
            let before = try #require(ProcessStats.openDescriptors)
            let descriptor = open("/dev/null", O_RDONLY)
            let during = try #require(ProcessStats.openDescriptors)
            close(descriptor)
            differences.append(during - before)
        }
        #expect(differences.contains(1))
    }
}
