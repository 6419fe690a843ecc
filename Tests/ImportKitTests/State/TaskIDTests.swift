import TestSupport
import Testing

@testable import ImportKit

@Suite struct TaskIDTests {
    @Test func formatsAsOssimportAndParsesBack() throws {
        let id = TaskID(job: "local_test", sequence: 3, createdMillis: 1_544_176_618_182, host: "localhost")
        #expect(id.hex.count == 32)
        #expect(id.hex == id.hex.uppercased())
        #expect(id.directoryName == "\(id.hex)_1544176618182@localhost")
        #expect(id.progressName == "\(id.hex)_1544176618182")
        #expect(TaskID(directoryName: id.directoryName) == id)
    }

    @Test func sameJobAndSequenceGiveTheSameHex() {
        let first = TaskID(job: "job1", sequence: 9, createdMillis: 1, host: "localhost")
        let again = TaskID(job: "job1", sequence: 9, createdMillis: 2, host: "localhost")
        let other = TaskID(job: "job1", sequence: 10, createdMillis: 1, host: "localhost")
        #expect(first.hex == again.hex)
        #expect(first.hex != other.hex)
    }

    @Test(arguments: ["", "ABC_1@x", "A41506C07BF1DF2A3EDB4CE31756B93F_notanumber@localhost", ".staging-x"])
    func rejectsOtherNames(_ name: String) {
        #expect(TaskID(directoryName: name) == nil)
    }
}
