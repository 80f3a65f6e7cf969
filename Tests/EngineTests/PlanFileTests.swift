import AWS
import Engine
import Foundation
import TestSupport
import Testing

/// A saved plan applies only as it was saved: every field is under the digest, and a fresh
/// plan must be the saved one.
struct PlanFileTests {
    func saved() -> PlanFile {
        PlanFile(
            stackPath: "stack.yaml", stackFile: "stack: demo\n", variables: ["env": "dev"],
            plan: SamplePlan.plan)
    }

    /// SHA-256 of the stack file `saved()` carries.
    let carried = HexDigest.sha256(Data("stack: demo\n".utf8))

    @Test func theDigestCoversEveryField() throws {
        let file = saved()
        #expect(file.digest == file.computedDigest())
        #expect(file.adopt == [])
        let edits: [(inout PlanFile) -> Void] = [
            { $0.variables["env"] = "prod" }, { $0.adopt = ["theirs"] },
            { $0.region = "eu-west-3" }, { $0.accountID = "999999999999" },
            { $0.stackFileSHA256 = "def" }, { $0.stackFile = "stack: other\n" },
            { $0.plan.resources[0].action = .delete },
            { $0.plan.liveStateFingerprint = "beef" },
        ]
        for edit in edits {
            var changed = file
            edit(&changed)
            #expect(changed.computedDigest() != file.digest)
        }
    }

    @Test func aFileChangedAfterItWasWrittenIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plan-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saved().write(to: path)
        #expect(try PlanFile.read(from: path)?.digest == saved().digest)
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "\"dev\"", with: "\"prod\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PlanFile.ReadError.self) { try PlanFile.read(from: path) }
        // Not a saved plan at all: nil, so that apply takes it as a stack file.
        try "stack: demo\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PlanFile.read(from: path) == nil)
    }

    @Test func staleness() {
        let file = saved()
        #expect(file.staleness(stackFileSHA256: carried, replanned: SamplePlan.plan) == nil)
        #expect(
            file.staleness(stackFileSHA256: "xyz", replanned: SamplePlan.plan)?.contains(
                "the stack file it carries does not match") == true)
        var elsewhere = SamplePlan.plan
        elsewhere.region = "eu-west-3"
        #expect(
            file.staleness(stackFileSHA256: carried, replanned: elsewhere)?.hasPrefix(
                "it was made for region sa-east-1") == true)
        var otherAccount = SamplePlan.plan
        otherAccount.accountID = "999999999999"
        #expect(
            file.staleness(stackFileSHA256: carried, replanned: otherAccount)?.contains(
                "account 123456789012") == true)
        var moved = SamplePlan.plan
        moved.liveStateFingerprint = "beef"
        #expect(
            file.staleness(stackFileSHA256: carried, replanned: moved)
                == "the resources in AWS changed since the plan was saved")
        var different = SamplePlan.plan
        different.resources[1].changes = []
        #expect(
            file.staleness(stackFileSHA256: carried, replanned: different)
                == "a plan made now differs from the saved one (landing)")
    }
}
