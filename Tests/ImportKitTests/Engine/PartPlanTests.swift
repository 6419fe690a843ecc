import TestSupport
import Testing

@testable import ImportKit

@Suite struct PartPlanTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var size: Int64
        var requested: Int64
        var partSize: Int64
        var count: Int
        var testDescription: String { "\(size) bytes, requested part \(requested)" }
    }

    static let cases: [Case] = [
        Case(size: 200 << 20, requested: 50 << 20, partSize: 50 << 20, count: 4),
        Case(size: (150 << 20) + 1, requested: 50 << 20, partSize: 50 << 20, count: 4),
        // 1 TiB: the part grows so no more than 10,000 parts are needed.
        Case(size: 1 << 40, requested: 50 << 20, partSize: 105 << 20, count: 9987),
        // Below OSS's minimum: raised to 100 KiB.
        Case(size: 10 << 20, requested: 1_000, partSize: 100 * 1024, count: 103),
    ]

    @Test(arguments: cases)
    func growsPartsToFitTenThousand(_ c: Case) {
        let plan = PartPlan(size: c.size, requestedPartSize: c.requested)
        #expect(plan.partSize == c.partSize)
        #expect(plan.partCount == c.count)
        #expect(plan.partCount <= 10_000)
        let last = plan.range(ofPart: plan.partCount)
        #expect(last.offset + last.length == c.size)
        #expect(last.length > 0 && last.length <= plan.partSize)
    }
}
