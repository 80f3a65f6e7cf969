import AWS
import Engine
import Foundation
import Kinds
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a careful user or someone with a little access could do to a stack: edit a saved plan,
/// leave a journal entry for someone else's bucket, send AWS's messages to the terminal, leave
/// a credential helper behind.
struct SecurityTests {
    typealias Scenario = StackScenarioTests.Scenario

    /// moto's account.
    static let account = "123456789012"

    func journalPath(_ scenario: Scenario) -> String { scenario.journalPath }

    func bucket(_ scenario: Scenario, forceDestroy: Bool = false) -> String {
        "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-b, force_destroy: \(forceDestroy) }\n"
    }

    /// The plan file, changed by someone who knows how its digest is made.
    func edit(_ path: String, _ change: (inout PlanFile) -> Void) throws {
        var file = try #require(try PlanFile.read(from: path))
        change(&file)
        file.digest = file.computedDigest()
        try file.write(to: path)
    }

    /// Applies a stack of one bucket while S3 answers its CreateBucket with this error.
    func applyRefusingCreateBucket(
        _ scenario: Scenario, status: Int, _ code: String, _ message: String
    ) async throws -> (name: String, result: CommandResult) {
        try scenario.write(bucket(scenario))
        let name = "\(scenario.stack)-b"
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            request.method == "PUT" && request.path == "/\(name)"
                ? .respond(
                    status: status, headers: ["Content-Type": "application/xml"],
                    body: "<Error><Code>\(code)</Code><Message>\(message)</Message></Error>")
                : .forward
        }
        return (
            name,
            try await scenario.run(["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        )
    }

    // MARK: Saved plans

    @Test func aSavedPlanAppliesOnlyWhatWasReviewed() async throws {
        let scenario = try await Scenario("bound")
        try
            "stack: \(scenario.stack)\nvariables: { suffix: one }\nresources:\n  s:\n    type: kinesis.stream\n    properties: { name: \"\(scenario.stack)-${var.suffix}\", shards: 1 }\n"
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let kinesis = try KinesisClient(scenario.aws)
        let planFile = scenario.directory.appendingPathComponent("plan.json").path
        let planned = try await scenario.run(["plan", "STACK", "--out", planFile])
        #expect(planned.status == 0, "\(planned.stdout)\(planned.stderr)")
        let saved = try #require(try PlanFile.read(from: planFile))
        #expect(planned.stdout.contains("(digest \(saved.digest))"))

        // Changed by hand, digest left alone: refused before AWS is asked anything.
        var text = try String(contentsOfFile: planFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"suffix\" : \"one\"", with: "\"suffix\" : \"two\"")
        try text.write(toFile: planFile, atomically: true, encoding: .utf8)
        let handEdited = try await scenario.run(["apply", planFile])
        #expect(handEdited.status == 1)
        #expect(handEdited.stderr.contains("was changed after plan wrote it"))

        // Variables changed and the digest made again: the fresh plan is not the saved one.
        try saved.write(to: planFile)
        try edit(planFile) { $0.variables["suffix"] = "two" }
        let otherVariables = try await scenario.run(["apply", planFile])
        #expect(otherVariables.status == 1, "\(otherVariables.stdout)")
        #expect(otherVariables.stderr.contains("a plan made now differs from the saved one (s)"))

        // Another account's plan.
        try saved.write(to: planFile)
        try edit(planFile) {
            $0.accountID = "999999999999"
            $0.plan.accountID = "999999999999"
        }
        let otherAccount = try await scenario.run(["apply", planFile])
        #expect(otherAccount.status == 1)
        #expect(
            otherAccount.stderr.contains(
                "it was made for account 999999999999, and these credentials are for account \(Self.account)"
            ))

        // Another region, by the environment.
        try saved.write(to: planFile)
        let otherRegion = try await scenario.run(
            ["apply", planFile], environment: ["AWS_REGION": "eu-west-3"])
        #expect(otherRegion.status == 1)
        #expect(otherRegion.stderr.contains("it was made for region sa-east-1"))
        #expect(
            try await KinesisClient(motoContext(scenario.server, region: "eu-west-3")).listStreams()
                .filter { $0.hasPrefix(scenario.stack) }.isEmpty)

        // Options the saved plan already fixed are refused, not ignored.
        for extra in [["--var", "suffix=two"], ["--adopt", "s"], ["--region", "sa-east-1"]] {
            let refused = try await scenario.run(["apply", planFile] + extra)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(extra[0]) cannot be given with a saved plan"))
        }
        // A digest other than the reviewed one, and a prefix of the right one.
        let other = String(repeating: "0", count: 64)
        let wrongDigest = try await scenario.run(["apply", planFile, "--plan-digest", other])
        #expect(wrongDigest.status == 1)
        #expect(wrongDigest.stderr.contains("not the reviewed \(other)"))
        let prefix = try await scenario.run([
            "apply", planFile, "--plan-digest", String(saved.digest.prefix(12)),
        ])
        #expect(prefix.status == 1)
        #expect(prefix.stderr.contains("--plan-digest needs the whole digest"))
        #expect(try await kinesis.listStreams().filter { $0.hasPrefix(scenario.stack) }.isEmpty)

        // Owner-only: it holds the variables.
        let mode = try FileManager.default.attributesOfItem(atPath: planFile)[.posixPermissions]
        #expect(mode as? Int == 0o600)

        // The file as plan wrote it applies from anywhere, with the stack file it carries (the
        // one on disk was edited since, and moved away), and says which plan it is.
        try "stack: \(scenario.stack)\nresources: {}\n".write(
            to: scenario.file, atomically: true, encoding: .utf8)
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(scenario.stack)-elsewhere.json")
        try FileManager.default.moveItem(atPath: planFile, toPath: elsewhere.path)
        try FileManager.default.removeItem(at: scenario.file)
        let applied = try await scenario.run([
            "apply", elsewhere.path, "--plan-digest", saved.digest,
        ])
        try FileManager.default.moveItem(atPath: elsewhere.path, toPath: planFile)
        try saved.stackFile.write(to: scenario.file, atomically: true, encoding: .utf8)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(
            applied.stdout.contains(
                "Applying the saved plan \(elsewhere.path) (digest \(saved.digest))."))
        #expect(try await kinesis.listStreams().contains("\(scenario.stack)-one"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aSavedPlanCannotBeEditedIntoAdoptingAForeignResource() async throws {
        let scenario = try await Scenario("boundadopt")
        let kinesis = try KinesisClient(scenario.aws)
        try await kinesis.createStream(
            name: "\(scenario.stack)-theirs", shardCount: 1, mode: "PROVISIONED")
        try scenario.write(scenario.stream("theirs"))
        let planFile = scenario.directory.appendingPathComponent("plan.json").path
        #expect(try await scenario.run(["plan", "STACK", "--out", planFile]).status == 0)
        try edit(planFile) { file in
            file.adopt = ["theirs"]
            for index in file.plan.resources.indices {
                file.plan.resources[index].adopting = true
                file.plan.resources[index].conflict = nil
            }
        }
        let applied = try await scenario.run(["apply", planFile])
        #expect(applied.status == 1)
        #expect(applied.stderr.contains("a plan made now differs from the saved one (theirs)"))
        #expect(
            try await kinesis.listTags(stream: "\(scenario.stack)-theirs")["streamstack:stack"]
                == nil)
        try await kinesis.deleteStream(name: "\(scenario.stack)-theirs")
    }

    // MARK: Another account's bucket

    /// Someone who read the public stack file made its bucket first, opened it to all and
    /// tagged it as the stack's: plan, apply and import refuse it at the line that names it,
    /// and nothing is read from or written into it.
    @Test func anotherAccountsBucketIsNeverTakenAsTheStacks() async throws {
        let scenario = try await Scenario("squat")
        let behaviour = try #require(scenario.realAWS)
        let name = "\(scenario.stack)-b"
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket(name)
        let squattersTags = [
            "streamstack:stack": scenario.stack, "streamstack:id": "b",
        ]
        try await s3.putTags(name, squattersTags)
        behaviour.set { $0.foreignBuckets = [name] }
        try scenario.write(
            scenario.stream("s") + bucket(scenario) + """
                  d:
                    type: firehose.delivery_stream
                    properties:
                      source: { kinesis_stream: "${s.arn}" }
                      s3: { bucket: "${b.arn}" }

                """)
        let bucketLine =
            try String(contentsOf: scenario.file, encoding: .utf8)
            .components(separatedBy: "\n").firstIndex { $0.contains("-b, force_destroy") }! + 1
        for arguments in [
            ["plan", "STACK"], ["apply", "STACK", "--auto-approve"],
            ["apply", "STACK", "--auto-approve", "--adopt-all"],
        ] {
            let run = try await scenario.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stdout)\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "stack.yaml:\(bucketLine):"), "\(arguments): \(run.stderr)")
            #expect(
                run.stderr.contains("error: bucket \(name) is owned by another AWS account"),
                "\(arguments): \(run.stderr)")
        }
        let imported = try await scenario.run(["import", "--bucket", name])
        #expect(imported.status == 1, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stderr.contains("is owned by another AWS account"), "\(imported.stderr)")
        // Untouched: its tags, no objects, no configuration of the stack's; no stream made.
        #expect(try await s3.getTags(name) == squattersTags)
        #expect(try await s3.listObjects(name).isEmpty)
        #expect(try await s3.getPublicAccessBlock(name) == nil)
        #expect(behaviour.refusals.contains("AccessDenied"))
        let streams = try await KinesisClient(scenario.aws).listStreams()
        #expect(!streams.contains("\(scenario.stack)-s"))
        // The role may write only to buckets of the stack's account.
        behaviour.set { $0.foreignBuckets = [] }
        let clean = try await scenario.run(["plan", "STACK", "--format", "json"])
        #expect(clean.stdout.contains("s3:ResourceAccount"), "\(clean.stdout)")
        try await s3.deleteBucket(name)
    }

    /// A name another account takes between plan and apply: CreateBucket's BucketAlreadyExists
    /// says so in the stack's words.
    @Test func aBucketNameTakenMeanwhileIsSaidToBeTaken() async throws {
        let scenario = try await Scenario("taken")
        let (name, refused) = try await applyRefusingCreateBucket(
            scenario, status: 409, "BucketAlreadyExists",
            "The requested bucket name is not available.")
        #expect(refused.status == 1)
        #expect(
            refused.stdout.contains(
                "bucket name \(name) is taken: another AWS account owns a bucket of that name"),
            "\(refused.stdout)\(refused.stderr)")
    }

    // MARK: The creation journal

    @Test func aCreateAWSRefusedLeavesNoClaimOnABucketMadeLater() async throws {
        let scenario = try await Scenario("refusedcreate")
        let (name, refused) = try await applyRefusingCreateBucket(
            scenario, status: 403, "AccessDenied", "Access Denied")
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("AccessDenied"), "\(refused.stdout)\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journalPath(scenario)))

        // Someone makes a bucket of that name by hand: it is theirs, not an interrupted create.
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket(name)
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("already exists without the tag"))
        #expect(!plan.stdout.contains("interrupted run"))
        try await s3.deleteBucket(name)
    }

    /// CreateRole's answer is lost, and in that window someone makes a role of that name: the
    /// retry's "already exists" does not make it the stack's, and it gets no policy.
    @Test func aRoleMadeByOthersAfterALostAnswerIsNotClaimed() async throws {
        let scenario = try await Scenario("lostrole", realAWS: false)
        try scenario.write(
            scenario.stream("s") + """
                  d:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-d
                      source: { kinesis_stream: "${s.arn}" }
                      s3: { bucket: "arn:aws:s3:::\(scenario.stack)-elsewhere" }

                """)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        let aws = scenario.aws
        let theirs = Mutex<String?>(nil)
        proxy.setRule { request in
            guard request.operation == "CreateRole", theirs.withLock({ $0 == nil }) else {
                return .forward
            }
            let body = String(decoding: request.body, as: UTF8.self)
            let name =
                body.split(separator: "&").first { $0.hasPrefix("RoleName=") }
                .map { String($0.dropFirst("RoleName=".count)) }?.removingPercentEncoding ?? ""
            theirs.withLock { $0 = name }
            let made = DispatchSemaphore(value: 0)
            Task {
                _ = try? await IAMClient(aws).createRole(
                    name: name,
                    assumeRolePolicyDocument:
                        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}"#,
                    path: "/")
                made.signal()
            }
            made.wait()
            // The stack's own CreateRole never arrives; the client cannot know that.
            return .dropConnection
        }
        let applied = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(applied.status == 1)
        let name = try #require(theirs.withLock { $0 }, "\(applied.stdout)\(applied.stderr)")
        #expect(
            applied.stdout.contains("role \(name) exists, but not as this run asked for it"),
            "\(applied.stdout)\(applied.stderr)")
        let iam = try IAMClient(scenario.aws)
        #expect(try await iam.listRolePolicies(roleName: name).isEmpty)
        #expect(try await iam.getRole(name: name)?.tags["streamstack:stack"] == nil)
        try await iam.deleteRole(name: name)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aJournalEntryClaimsOnlyABucketCreatedJustAfterIt() async throws {
        let scenario = try await Scenario("oldentry")
        try scenario.write(bucket(scenario))
        let name = "\(scenario.stack)-b"
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket(name)
        let formatter = ISO8601DateFormatter()
        let path = journalPath(scenario)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for entry in [
            // Written two hours before the bucket was made; and an entry of an older version.
            #"[{"name": "\#(name)", "type": "s3.bucket", "written": "\#(formatter.string(from: Date().addingTimeInterval(-7200)))"}]"#,
            #"[{"name": "\#(name)", "type": "s3.bucket"}]"#,
        ] {
            try entry.write(toFile: path, atomically: true, encoding: .utf8)
            let plan = try await scenario.run(["plan", "STACK"])
            #expect(plan.stdout.contains("already exists without the tag"), "\(entry)")
            #expect(!plan.stdout.contains("interrupted run"))
            let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
            #expect(destroy.status == 0)
            #expect(try await s3.headBucket(name) != .missing)
        }
        // Written just before S3 created it: the bucket is the one this stack was creating.
        let created = try #require(try await s3.creationDate(of: name))
        try
            #"[{"name": "\#(name)", "type": "s3.bucket", "written": "\#(formatter.string(from: created.addingTimeInterval(-1)))"}]"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let claimed = try await scenario.run(["plan", "STACK"])
        #expect(claimed.stdout.contains("created by an interrupted run of this stack (journal)"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        #expect(try await s3.headBucket(name) == .missing)
    }

    @Test func aLostCreateBucketAnswerIsClaimedOnlyThroughThePlanAndNeverEmptied() async throws {
        let scenario = try await Scenario("lostcreate")
        try scenario.write(bucket(scenario, forceDestroy: true))
        let name = "\(scenario.stack)-b"
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        let first = FaultProxy.first(1, of: "PUT /\(name)", .forwardAndLoseAnswer)
        proxy.setRule { first($0) }
        let failed = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(failed.status == 1)
        #expect(
            failed.stdout.contains("CreateBucket's answer was lost"),
            "\(failed.stdout)\(failed.stderr)")
        let s3 = try S3Client(scenario.aws)
        #expect(try await s3.getTags(name).isEmpty, "the bucket was claimed without a plan")
        #expect(FileManager.default.fileExists(atPath: journalPath(scenario)))

        // Someone's data lands in it; destroy may delete the bucket on the journal's word, but
        // not empty it, whatever force_destroy says.
        try await s3.putObject(name, key: "theirs.txt", body: Data("keep me".utf8))
        let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 1)
        #expect(destroy.stdout.contains("deleted only if empty"))
        #expect(try await s3.listObjects(name).map(\.key) == ["theirs.txt"])

        // The plan shows the claim; apply tags it; from then on the tag is the proof.
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(
            plan.stdout.contains(
                "created by an interrupted run of this stack (journal): it gets the tag"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await s3.getTags(name)["streamstack:stack"] == scenario.stack)
        #expect(!FileManager.default.fileExists(atPath: journalPath(scenario)))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        #expect(try await s3.headBucket(name) == .missing)
    }

    /// Anyone who may tag can put a resource under a stack; the plan shows such a resource
    /// apart, and says it was not created from the file.
    @Test func aResourceTaggedByHandIsShownApartAndNamedAsSuch() async throws {
        let scenario = try await Scenario("taggedbyhand")
        try scenario.write(scenario.stream("mine"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket("\(scenario.stack)-planted")
        try await s3.putTags("\(scenario.stack)-planted", ["streamstack:stack": scenario.stack])
        let plan = try await scenario.run(["plan", "STACK"])
        let heading = try #require(plan.stdout.range(of: "found in AWS by the tag"))
        let planted = try #require(plan.stdout.range(of: "\(scenario.stack)-planted"))
        #expect(heading.lowerBound < planted.lowerBound)
        #expect(plan.stdout.contains("but no streamstack:id: tagged by hand"))
        #expect(!plan.stdout.contains("mine  #"))
        try await s3.deleteBucket("\(scenario.stack)-planted")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A policy added to the managed role by hand (even AdministratorAccess) is drift: the
    /// plan shows it and apply takes it away.
    @Test func policiesAddedToTheManagedRoleAreDriftThatApplyRemoves() async throws {
        let scenario = try await Scenario("roledrift", realAWS: false)
        try scenario.write(
            scenario.stream("in") + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake, force_destroy: true }
                  d:
                    type: firehose.delivery_stream
                    properties:
                      source: { kinesis_stream: "${in.arn}" }
                      s3: { bucket: "${lake.arn}" }

                """)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let iam = try IAMClient(scenario.aws)
        let role = try #require(
            try await iam.listRoleNames(pathPrefix: "/streamstack/\(scenario.stack)/").first)
        // AdministratorAccess, as a customer policy (moto does not load AWS's own).
        let created = try await iam.client.query(
            "CreatePolicy",
            [
                ("PolicyName", "\(scenario.stack)-admin"),
                (
                    "PolicyDocument",
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
                ),
            ])
        let admin = try #require(created.value("Policy", "Arn"))
        try await iam.client.query("AttachRolePolicy", [("RoleName", role), ("PolicyArn", admin)])
        try await iam.putRolePolicy(
            roleName: role, policyName: "extra",
            document:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        )
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)")
        let lines = plan.stdout.components(separatedBy: "\n")
        #expect(lines.contains { $0.contains("- policies.attached") && $0.contains(admin) })
        #expect(
            lines.contains { $0.contains("- policies.other_inline") && $0.contains(#"["extra"]"#) })
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await iam.listAttachedRolePolicies(roleName: role).isEmpty)
        #expect(try await iam.listRolePolicies(roleName: role) == ["firehose-delivery"])
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        try await iam.client.query("DeletePolicy", [("PolicyArn", admin)])
    }

    // MARK: The terminal

    /// A proxy whose DescribeStreamSummary answers 400 with this JSON body.
    func refusingDescribeStreamSummary(_ scenario: Scenario, body: String) throws -> FaultProxy {
        let proxy = try scenario.faultProxy()
        proxy.setRule { request in
            request.operation == "DescribeStreamSummary"
                ? .respond(
                    status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                    body: body)
                : .forward
        }
        return proxy
    }

    @Test func controlCharactersFromAWSAreShownNotObeyed() async throws {
        let scenario = try await Scenario("escapes", realAWS: false)
        try scenario.write(scenario.stream("one"))
        let proxy = try refusingDescribeStreamSummary(
            scenario,
            body:
                #"{"__type": "ValidationException", "message": "\u001b]0;owned\u0007\u001b[2Jcleared\rback"}"#
        )
        defer { proxy.stop() }
        let result = try await scenario.run(["plan", "STACK"], through: proxy.endpoint)
        #expect(result.status == 1)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!result.stderr.contains("\u{07}"))
        #expect(!result.stderr.contains("\r"))
        #expect(result.stderr.contains(#"\e]0;owned\x07\e[2Jcleared\rback"#), "\(result.stderr)")
    }

    /// A colour code, a conceal code, DEL and C1 in a tag value someone set by hand: the text
    /// plan shows them escaped (only streamstack's own colours act), the JSON plan is valid JSON
    /// that carries them as JSON escapes, and --verbose shows an error code from the network
    /// escaped too.
    @Test func coloursFromDataAreShownAndJSONStaysJSON() async throws {
        let scenario = try await Scenario("colours", realAWS: false)
        try scenario.write(scenario.stream("one"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let hostile = "\u{1B}[31mred\u{1B}[8mhidden\u{7F}\u{85}"
        try await KinesisClient(scenario.aws).addTags(
            stream: "\(scenario.stack)-one", tags: ["note": hostile])
        let text = try await scenario.run(["plan", "STACK"])
        #expect(text.stdout.contains(#"\e[31mred\e[8mhidden\x7F\x85"#), "\(text.stdout)")
        #expect(!text.stdout.contains("\u{1B}[8m"))
        let json = try await scenario.run(["plan", "STACK", "--format", "json"])
        #expect(
            !json.stdout.unicodeScalars.contains {
                $0.value == 0x1B || (0x7F...0x9F).contains($0.value)
            })
        // Valid JSON that decodes to the tag value exactly as AWS holds it.
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any],
            "\(json.stdout)")
        let changes = (object["resources"] as? [[String: Any]] ?? []).flatMap {
            $0["changes"] as? [[String: Any]] ?? []
        }
        #expect(
            changes.contains {
                $0["attribute"] as? String == "tags.note" && $0["old"] as? String == hostile
            },
            "\(json.stdout)")

        let proxy = try refusingDescribeStreamSummary(
            scenario, body: #"{"__type": "Bad\u001b[2JCode", "message": "m"}"#)
        defer { proxy.stop() }
        let verbose = try await scenario.run(
            ["plan", "STACK", "--verbose"], through: proxy.endpoint)
        #expect(verbose.stderr.contains("aws: kinesis.DescribeStreamSummary"), "\(verbose.stderr)")
        #expect(!verbose.stderr.contains("\u{1B}"), "\(verbose.stderr)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aRecordWithEscapeSequencesIsPrintedInert() async throws {
        let scenario = try await Scenario("inert", realAWS: false)
        try DataPathTests().directPutStack(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let watching = try await DataPathTests().startWatching(scenario)
        // A record that would set the window title, clear the screen and overwrite its line.
        try await S3Client(scenario.aws).putObject(
            "\(scenario.stack)-lake", key: "raw/hostile",
            body: Data("{\"msg\":\"\u{1B}]0;owned\u{07}\u{1B}[2Jgone\rover\u{9B}31m\"}\n".utf8))
        let result = await watching.finished()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{07}"))
        #expect(!result.stdout.contains("\u{9B}"))
        #expect(
            result.stdout.contains(#"\e]0;owned\x07\e[2Jgone\rover\x9B31m"#), "\(result.stdout)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    // MARK: Credential helpers

    @Test func aCredentialHelperDoesNotOutliveAnInterruptedStreamstack() async throws {
        let scenario = try await Scenario("helper", realAWS: false)
        try scenario.write(scenario.stream("one"))
        for signal in [SIGINT, SIGTERM] {
            let pidFile = scenario.directory.appendingPathComponent("helper-\(signal).pid")
            let config = scenario.directory.appendingPathComponent("config-\(signal)")
            try
                "[profile slow]\nregion = sa-east-1\ncredential_process = sh -c 'echo $$ > \(pidFile.path); exec sleep 300'\n"
                .write(to: config, atomically: true, encoding: .utf8)
            let running = try await startStreamstack(
                ["plan", scenario.file.path, "--profile", "slow"],
                environment: [
                    "AWS_CONFIG_FILE": config.path,
                    "AWS_ENDPOINT_URL": scenario.server.endpoint.absoluteString,
                ])
            var helper: Int32?
            for _ in 0..<500 where helper == nil {
                helper = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap {
                    Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let pid = try #require(helper, "the helper never started")
            kill(running.processIdentifier, signal)
            let result = await running.finished()
            #expect(
                result.status == (signal == SIGINT ? 130 : 143), "\(result.stdout)\(result.stderr)")
            var alive = true
            for _ in 0..<100 where alive {
                alive = kill(pid, 0) == 0 && !isZombie(pid)
                if alive { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(!alive, "the credential helper outlived streamstack (signal \(signal))")
        }
    }

    func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    // MARK: Public exposure

    @Test func publicExposureIsWarnedOfWithoutChangingTheExitCode() async throws {
        let scenario = try await Scenario("public", realAWS: false)
        try scenario.write(
            "  b:\n    type: s3.bucket\n    properties:\n      name: \(scenario.stack)-b\n      public_access_block: { block_public_policy: false }\n"
        )
        let validate = try await scenario.run(["validate", "STACK"])
        #expect(validate.status == 0)
        #expect(
            validate.stderr.contains(
                "warning: the public-access block is off (block_public_policy CKV_AWS_54)"))
        let plan = try await scenario.run([
            "plan", "STACK", "--format", "json", "--detailed-exitcode",
        ])
        #expect(plan.status == 2)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [String])
        #expect(
            warnings.contains { $0.contains("stack.yaml:8:7: the public-access block is off") },
            "\(warnings)")
    }

    /// A bucket someone opened to the public in the console, then adopted: its policy is read
    /// and the plan says it is public before apply replaces it.
    @Test func anAdoptedBucketsPublicPolicyIsWarnedOf() async throws {
        let scenario = try await Scenario("publicadopt", realAWS: false)
        let name = "\(scenario.stack)-b"
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket(name)
        try await s3.putPolicy(
            name,
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::\#(name)/*"}]}"#
        )
        try scenario.write(bucket(scenario))
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(
            plan.stdout.contains("bucket \(name)'s policy in AWS grants public access"),
            "\(plan.stdout)")
        let adopted = try await scenario.run(["apply", "STACK", "--adopt-all", "--auto-approve"])
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        #expect(
            adopted.stdout.contains("bucket \(name)'s policy in AWS grants public access"),
            "\(adopted.stdout)")
        #expect(try await s3.getPolicy(name) == nil)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
