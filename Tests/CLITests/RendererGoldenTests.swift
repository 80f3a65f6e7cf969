import Engine
import Foundation
import Kinds
import Providers
import TestSupport
import Testing

@testable import streamstack

/// What each renderer prints for a plan with every kind of decision, compared with the files
/// under Golden/ (run with STREAMSTACK_WRITE_GOLDEN=1 to rewrite them after a deliberate change).
struct RendererGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    func expectGolden(
        _ text: String, _ file: String, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let url = Self.golden.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["STREAMSTACK_WRITE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(file) differs:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func text() throws {
        try expectGolden(PlanRenderer().text(SamplePlan.plan), "plan.txt")
    }

    /// On an 80-column terminal: the same plan, every line within 80 columns but the values
    /// that cannot break (an ARN, a policy's line), which go to lines of their own.
    @Test func textOnAnEightyColumnTerminal() throws {
        let text = PlanRenderer(width: 80).text(SamplePlan.plan)
        try expectGolden(text, "plan-80.txt")
        for line in text.split(separator: "\n") where line.count > 80 {
            let value = line.hasPrefix("          = ") || line.hasPrefix("          → ")
            let document =
                line.hasPrefix("            ") || line.hasPrefix("          -")
                || line.hasPrefix("          +")
            #expect(value || document, "too wide: \(line)")
        }
        // Nothing is lost: the words are those of the unwrapped plan.
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).sorted() }
        #expect(words(text) == words(PlanRenderer().text(SamplePlan.plan)))
    }

    @Test func markdown() throws {
        try expectGolden(PlanRenderer().markdown(SamplePlan.plan), "plan.md")
    }

    @Test func json() throws {
        try expectGolden(PlanRenderer().json(SamplePlan.plan), "plan.json")
    }

    @Test func noChanges() throws {
        var plan = SamplePlan.plan
        plan.resources = [plan.resources[0]]
        plan.resources[0].action = .noChange
        plan.warnings = nil
        #expect(
            PlanRenderer().text(plan)
                == "No changes. AWS matches stack demo in sa-east-1 (region from the stack file), account 123456789012 (1 resource)."
        )
    }
}

/// The pipeline as a picture: records flow stream → delivery stream → bucket; what the
/// delivery stream brings along hangs beside it.
struct PipelineGraphTests {
    var plan: Plan {
        Plan(
            stack: "demo", region: "sa-east-1", accountID: "123456789012",
            resources: [
                PlannedResource(
                    id: "in", type: .kinesisStream, name: "in", action: .noChange, changes: []),
                PlannedResource(
                    id: "lake", type: .bucket, name: "lake", action: .create, changes: []),
                PlannedResource(
                    id: "d.role", type: .role, name: "r", action: .update, changes: []),
                PlannedResource(
                    id: "d", type: .deliveryStream, name: "d", action: .replace,
                    changes: [],
                    dependencies: ["d.role", "in", "lake"]),
            ], liveStateFingerprint: "")
    }

    @Test func mermaid() {
        #expect(
            GraphView(graph: PipelineGraph(plan)).mermaid() == """
                flowchart LR
                  n_in["kinesis.stream in"]
                  n_lake["+ s3.bucket lake"]
                  n_d_role["~ iam.role d.role"]
                  n_d["-/+ firehose.delivery_stream d"]
                  n_d -.- n_d_role
                  n_in --> n_d
                  n_d --> n_lake
                """)
    }

    @Test func dot() {
        let dot = GraphView(graph: PipelineGraph(plan)).dot()
        #expect(dot.hasPrefix("digraph \"demo\" {"))
        #expect(dot.contains("n_in -> n_d;"))
        #expect(dot.contains("n_d -> n_lake;"))
        #expect(dot.contains("n_d -> n_d_role [style=dashed, dir=none];"))
    }

    /// An alarm watches what it depends on; records do not flow into it.
    @Test func alarmsHangBesideWhatTheyWatch() {
        var plan = plan
        plan.resources.append(
            PlannedResource(
                id: "in.iterator_age_alarm", type: .alarm, name: "demo-in-iterator-age",
                action: .create, changes: [], dependencies: ["in"]))
        let edges = PipelineGraph(plan).edges
        #expect(edges.contains(.beside("in.iterator_age_alarm", "in")))
        #expect(edges.contains(.data(from: "in", to: "d")))
        #expect(!edges.contains(.data(from: "in", to: "in.iterator_age_alarm")))
    }
}
