import Glibc
import Testing
@testable import verdict

@Suite struct ProcessEnvironmentTests {
    @Test func variables_includeWhatWasSet_withEqualsSignsInValuesKept() {
        setenv("VERDICT_TEST_ENVIRONMENT", "a=b=c", 1)
        defer { unsetenv("VERDICT_TEST_ENVIRONMENT") }
        let variables = ProcessEnvironment.variables()
        #expect(variables["VERDICT_TEST_ENVIRONMENT"] == "a=b=c")
        #expect(variables["PATH"] == String(cString: getenv("PATH")))
    }
}
