import AWS
import ArgumentParser
import Engine
import Foundation
import StackFile

/// A pipeline built in the console, written as a stack file without recreating anything.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a stack file for a pipeline that already exists in AWS.",
        discussion: """
            Follows the delivery stream to its source stream and bucket and writes one stack \
            file with only the values that differ from streamstack's defaults. Then run \
            `streamstack plan FILE` (it shows only the tags that adoption adds) and \
            `streamstack apply FILE --adopt-all` to take the resources over.
            """)

    @Option(help: "The delivery stream to start from.") var deliveryStream: String?
    @Option(help: "A Kinesis stream to import (alone, or besides the delivery stream's).")
    var stream: String?
    @Option(help: "A bucket to import (alone, or besides the delivery stream's).") var bucket:
        String?
    @Option(help: "The stack's name (default: the delivery stream's, stream's or bucket's).")
    var stack: String?
    @Option(help: "Write the stack file here instead of standard output.") var out: String?
    @Flag(help: "Let --out replace a file that exists.") var force = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard deliveryStream != nil || stream != nil || bucket != nil else {
            throw ValidationError("give --delivery-stream NAME, or --stream NAME / --bucket NAME")
        }
        // Checked again when the file is written: an edited stack file is not overwritten
        // unasked.
        if let out, !force, FileManager.default.fileExists(atPath: out) {
            throw ValidationError("--out \(out) exists; give --force to replace it")
        }
    }

    func run() async throws {
        let console = global.console()
        try await reportingFailures(console) {
            let context = try global.awsSettings.context(stackRegion: nil)
            let identity = try await STSClient(context).getCallerIdentity()
            let partition =
                ARN(identity.arn)?.partition ?? "aws"
            let name = stackName(account: identity.account, region: context.region)
            let resources = try await PipelineImport(
                providers: try ProviderSet(
                    context: context, bucketOwner: .known(identity.account)),
                accountID: identity.account,
                stack: name
            ).resources(deliveryStream: deliveryStream, stream: stream, bucket: bucket)
            let writer = StackFileWriter(
                stack: name, region: context.region, accountID: identity.account,
                partition: partition,
                header: [
                    "# yaml-language-server: $schema=stack.schema.json",
                    "# (write the schema beside this file with: streamstack schema --format json > stack.schema.json)",
                    "# Imported by streamstack from \(resources.map(\.spec.name).joined(separator: ", ")) in \(context.region).",
                    "# Take the resources over with: streamstack apply FILE --adopt-all",
                ])
            let text = writer.text(resources)
            if let out {
                if force {
                    try PrivateFile.write(Data(text.utf8), to: out, mode: 0o644)
                } else {
                    try PrivateFile.create(Data(text.utf8), at: out)
                }
                ImportView(console: console).wrote(out, resources: resources.count)
            } else {
                ImportView(console: console).stackFile(text)
            }
        }
    }

    /// `--stack`, or a name made from the first resource's, as the stack language allows.
    private func stackName(account: String, region: String) -> String {
        if let stack { return stack }
        let base = deliveryStream ?? stream ?? bucket ?? "imported"
        var name = StackFileWriter.id(fromName: base, accountID: account, region: region)
            .replacingOccurrences(of: "_", with: "-")
        if name.count > 40 { name = String(name.prefix(40)) }
        while name.hasSuffix("-") { name.removeLast() }
        return name
    }
}
