import Foundation
import SigV4
import Testing

/// aws-c-auth's current suite (`aws-signing-test-suite/v4`) plus the removed
/// `post-unsigned-payload` case: header and query forms, every intermediate compared.
struct SigningSuiteTests {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }
        var credentials: Credentials
        var expirationInSeconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var signBody: Bool
        var signedBodyValue: String?
        var timestamp: String
        var omitSessionToken: Bool?
    }

    static let currentCases: [String] = caseNames(in: "aws-signing-test-suite/v4")
    static let removedCases: [String] = caseNames(in: "aws-c-auth-removed/v4")

    static func caseNames(in folder: String) -> [String] {
        let url = vectorsRoot().appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.contains(".") }.sorted().map { folder + "/" + $0 }
    }

    struct Case {
        var folder: URL
        var context: Context
        var request: VectorRequest
        var signer: Signer
        var date: SigningDate
        var payloadHash: String

        init(_ name: String) throws {
            folder = vectorsRoot().appendingPathComponent(name)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            context = try decoder.decode(
                Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
            request = VectorRequest(text: try read(folder.appendingPathComponent("request.txt")))
            signer = Signer(
                credentials: SigningCredentials(
                    accessKeyID: context.credentials.accessKeyId,
                    secretAccessKey: context.credentials.secretAccessKey,
                    sessionToken: context.credentials.token),
                region: context.region, service: context.service,
                rules: SigningRules(
                    normalizePath: context.normalize, doubleEncodePath: true,
                    signPayloadHashHeader: context.signBody))
            date = signingDate(context.timestamp)
            payloadHash = context.signedBodyValue ?? sha256Hex(request.body)
        }

        func expected(_ file: String) throws -> String {
            try read(folder.appendingPathComponent(file))
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("header form", arguments: currentCases + removedCases)
    func headerForm(name: String) throws {
        let vector = try Case(name)
        let signed = vector.signer.signHeaders(
            vector.request.toSign(payloadHash: vector.payloadHash), date: vector.date,
            signSessionToken: !(vector.context.omitSessionToken ?? false))
        #expect(signed.canonicalRequest == (try vector.expected("header-canonical-request.txt")))
        #expect(signed.stringToSign == (try vector.expected("header-string-to-sign.txt")))
        #expect(signed.signature == (try vector.expected("header-signature.txt")))
        let signedRequest = VectorRequest(text: try vector.expected("header-signed-request.txt"))
        let authorization = signed.headers.first { $0.name == "Authorization" }?.value
        #expect(authorization == signedRequest.header("Authorization"))
        if let token = vector.context.credentials.token {
            #expect(signed.headers.contains(HTTPHeader("X-Amz-Security-Token", token)))
        }
    }

    @Test("query form", arguments: currentCases)
    func queryForm(name: String) throws {
        let vector = try Case(name)
        // A presigned request carries no x-amz-content-sha256 header; the body's hash still
        // ends the canonical request.
        var signer = vector.signer
        signer.rules.signPayloadHashHeader = false
        let request = vector.request.toSign(payloadHash: vector.payloadHash)
        let signed = signer.presignQuery(
            request, date: vector.date, expiresInSeconds: vector.context.expirationInSeconds,
            signSessionToken: !(vector.context.omitSessionToken ?? false))
        #expect(signed.canonicalRequest == (try vector.expected("query-canonical-request.txt")))
        #expect(signed.stringToSign == (try vector.expected("query-string-to-sign.txt")))
        #expect(signed.signature == (try vector.expected("query-signature.txt")))
        let signedRequest = VectorRequest(text: try vector.expected("query-signed-request.txt"))
        #expect(
            Set(signed.query.split(separator: "&"))
                == Set(signedRequest.query.split(separator: "&")))
    }
}
