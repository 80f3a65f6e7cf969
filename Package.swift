// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "streamstack",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "streamstack", targets: ["streamstack"])
    ],
    // Exact versions: the executable ships what it was tested with.
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        // The signer alone: pure, no I/O.
        .target(
            name: "SigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // libcurl's easy API, for a CA bundle of the user's (Foundation has no way to add one).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // Credentials, endpoints, transport, wire protocols, errors, retries, service clients.
        .target(
            name: "AWS",
            dependencies: ["SigV4", "CCurl", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The stack language: YAML with positions, validation, references, variables, schema.
        .target(
            name: "StackFile",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // What every provider is built on: the provider protocol, live state, waiting, tags.
        .target(name: "Providers", dependencies: ["AWS", "StackFile"]),
        // One folder per kind of resource: spec, fields, rules, resolution, import writing,
        // provider, and what the engine asks of it; the registry lists them.
        .target(name: "Kinds", dependencies: ["Providers", "StackFile", "AWS"]),
        // Graph, planner, executor: plans as data, rendered by the command line's views.
        .target(
            name: "Engine",
            dependencies: ["Kinds", "Providers", "StackFile", "AWS"]
        ),
        // zlib, to read gzip-compressed objects that Firehose delivers.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The data path of a running pipeline: producing records, watching deliveries.
        .target(name: "Pipeline", dependencies: ["AWS", "CZlib"]),
        // The command line: parse, wire, print.
        .executableTarget(
            name: "streamstack",
            dependencies: [
                "Engine", "Kinds", "Providers", "StackFile", "AWS", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4"], resources: [.copy("Vectors")]),
        .testTarget(
            name: "StackFileTests",
            dependencies: ["StackFile", "Kinds", "Providers", "TestSupport"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "TestSupport"]),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["Kinds", "Providers", "AWS", "StackFile", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "AWS", "TestSupport"]),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "Kinds", "Providers", "StackFile", "AWS", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TestSupport", "streamstack", "AWS", "Pipeline", "Engine", "Kinds", "Providers",
                "StackFile",
            ],
            exclude: ["Golden"], resources: [.copy("BrokenStacks")]),
        // moto behind the test proxy's real-AWS mode, for the benchmarks.
        .executableTarget(
            name: "aws-behaviour-proxy", dependencies: ["TestSupport"],
            path: "Benchmarks/AWSBehaviourProxy"),
        .target(
            name: "TestSupport",
            dependencies: [
                "AWS", "SigV4", "Engine", "Kinds", "Providers",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport",
            exclude: ["validate_requests.py", "moto_guard.py", "tls_front.py", "model_walk.py"]),
    ],
    swiftLanguageModes: [.v6]
)
