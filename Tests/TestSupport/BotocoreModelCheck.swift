import Foundation

/// Runs the JSON bodies that went through a `FaultProxy` past botocore's validator
/// (validate_requests.py) and returns its complaints.
public enum BotocoreModelCheck {
    static let services = [
        "Kinesis_20131202": "kinesis", "Firehose_20150804": "firehose", "AWSGlue": "glue",
        "Logs_20140328": "logs", "ResourceGroupsTaggingAPI_20170126": "resourcegroupstaggingapi",
    ]

    public static func problems(in requests: [FaultProxy.Request]) throws -> [String] {
        var lines: [String] = []
        for request in requests {
            guard let target = request.headers["x-amz-target"],
                let dot = target.firstIndex(of: "."),
                let service = services[String(target[..<dot])]
            else { continue }
            let entry: [String: String] = [
                "service": service, "operation": String(target[target.index(after: dot)...]),
                "body": String(decoding: request.body, as: UTF8.self),
            ]
            lines.append(
                String(decoding: try JSONSerialization.data(withJSONObject: entry), as: UTF8.self))
        }
        let script = packageRoot.appendingPathComponent("Tests/TestSupport/validate_requests.py")
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path],
            environment: ProcessInfo.processInfo.environment, stdin: lines.joined(separator: "\n"))
        guard result.status == 0,
            let problems = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
                as? [String]
        else {
            throw MotoError("validate_requests.py failed: \(result.stderr)")
        }
        return problems
    }
}
