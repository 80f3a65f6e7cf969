import Foundation
import Kinds
import TestSupport
import Testing

/// An endpoint whose certificate a private CA signed (a corporate TLS proxy, a VPC endpoint
/// behind one): reached with the CA's bundle from AWS_CA_BUNDLE or the profile's `ca_bundle`,
/// refused without it with the way out.
struct PrivateCATests {
    typealias Scenario = StackScenarioTests.Scenario

    @Test func aPrivateCAIsTrustedWhenItsBundleIsNamed() async throws {
        let scenario = try await Scenario("privateca", realAWS: false)
        try scenario.write(
            scenario.stream("events")
                + "  landing:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-landing }\n"
        )
        let front = try TLSFront(upstream: scenario.server.endpoint)
        defer { front.stop() }

        let untrusted = try await scenario.run(["plan", "STACK"], through: front.endpoint)
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("SSL certificate problem"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("AWS_CA_BUNDLE"))

        // The whole life of a stack through the private CA: JSON, REST-XML and Query calls.
        let bundle = ["AWS_CA_BUNDLE": front.caBundle.path]
        let applied = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: front.endpoint, environment: bundle)
        #expect(applied.status == 0, "\(applied.stderr)")
        let again = try await scenario.run(
            ["plan", "STACK", "--detailed-exitcode"], through: front.endpoint, environment: bundle)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.hasPrefix("No changes."))

        // The profile's ca_bundle does the same.
        let config = scenario.file.deletingLastPathComponent().appendingPathComponent(
            "config-\(scenario.stack)")
        try "[profile corp]\nca_bundle = \(front.caBundle.path)\n".write(
            to: config, atomically: true, encoding: .utf8)
        let viaProfile = try await scenario.run(
            ["plan", "STACK"], through: front.endpoint,
            environment: ["AWS_CONFIG_FILE": config.path, "AWS_PROFILE": "corp"])
        #expect(viaProfile.status == 0, "\(viaProfile.stderr)")

        let missing = try await scenario.run(
            ["plan", "STACK"], through: front.endpoint,
            environment: ["AWS_CA_BUNDLE": "/nonexistent/ca.pem"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("AWS_CA_BUNDLE names /nonexistent/ca.pem, which cannot be read")
        )

        let destroyed = try await scenario.run(
            ["destroy", "STACK", "--auto-approve"], through: front.endpoint, environment: bundle)
        #expect(destroyed.status == 0, "\(destroyed.stderr)")
    }
}
