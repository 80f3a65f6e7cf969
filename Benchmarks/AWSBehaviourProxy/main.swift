import Foundation
import TestSupport

// Starts moto (signature checking on) behind the test proxy's real-AWS mode, prints one JSON
// line with the proxy's endpoint and the keys, and serves until standard input closes.
// Options: --scale F (multiplies the modelled AWS durations), --latency-ms N (added to every
// call, as a distant region adds it), --no-rate-limits, and --stream-creating S,
// --role-propagation S, --delivery-creating S (seconds, after scaling).
var scale = 1.0
var stream: Double?
var role: Double?
var delivery: Double?
var latency = 0
var rateLimits = true
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--scale": scale = Double(arguments.next() ?? "") ?? scale
    case "--latency-ms": latency = Int(arguments.next() ?? "") ?? latency
    case "--no-rate-limits": rateLimits = false
    case "--stream-creating": stream = Double(arguments.next() ?? "")
    case "--role-propagation": role = Double(arguments.next() ?? "")
    case "--delivery-creating": delivery = Double(arguments.next() ?? "")
    default:
        FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8))
        exit(64)
    }
}
let server = try await MotoServer.start()
var timings = RealAWSBehaviour.Timings().scaled(scale)
if let stream { timings.streamCreating = .seconds(stream) }
if let role { timings.rolePropagation = .seconds(role) }
if let delivery { timings.deliveryCreating = .seconds(delivery) }
let behaviour = RealAWSBehaviour(server: server, timings: timings)
behaviour.set { $0.rateLimits = rateLimits }
let proxy = try FaultProxy(upstream: server.endpoint, realAWS: behaviour)
if latency > 0 {
    let delay = Duration.milliseconds(latency)
    proxy.setRule { _ in .delay(delay) }
}
let description: [String: Any] = [
    "endpoint": proxy.endpoint.absoluteString, "moto_endpoint": server.endpoint.absoluteString,
    "access_key_id": server.accessKeyID, "secret_access_key": server.secretAccessKey,
    "timings": [
        "stream_creating": Double(behaviour.timings.streamCreating.components.seconds)
            + Double(behaviour.timings.streamCreating.components.attoseconds) / 1e18,
        "delivery_creating": Double(behaviour.timings.deliveryCreating.components.seconds)
            + Double(behaviour.timings.deliveryCreating.components.attoseconds) / 1e18,
        "role_propagation": Double(behaviour.timings.rolePropagation.components.seconds)
            + Double(behaviour.timings.rolePropagation.components.attoseconds) / 1e18,
    ],
]
let json = try JSONSerialization.data(withJSONObject: description, options: [.sortedKeys])
FileHandle.standardOutput.write(json + Data("\n".utf8))
while readLine() != nil {}
server.stop()
