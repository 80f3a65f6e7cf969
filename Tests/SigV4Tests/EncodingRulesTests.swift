import Foundation
import SigV4
import Testing

/// S3's rules against the others', and the smithy-rs cases that show double encoding.
struct EncodingRulesTests {
    @Test func s3KeepsThePathAsSent() {
        let path = "/bucket/my-object//example//photo.user/a%20b~c/./d"
        #expect(canonicalURI(path, rules: .s3) == path)
    }

    @Test func s3EncodesOnlyWhatIsNotYetEncoded() {
        #expect(canonicalURI("/bucket/a b/ሴ", rules: .s3) == "/bucket/a%20b/%E1%88%B4")
        #expect(canonicalURI("/bucket/a%2Bb", rules: .s3) == "/bucket/a%2Bb")
    }

    @Test func otherServicesNormalizeAndEncodeTwice() {
        #expect(canonicalURI("/a/./b/../c//d%3A", rules: .standard) == "/a/c/d%253A")
        #expect(canonicalURI("", rules: .standard) == "/")
        #expect(canonicalURI("/..", rules: .standard) == "/")
    }

    @Test func queryValuesAreReencodedStrictly() {
        #expect(canonicalQueryString("b=x y&a=%7E~&a=1+2&c") == "a=1%2B2&a=~~&b=x%20y&c=")
    }

    @Test func unsignableHeadersAreNeverSigned() {
        let signer = Signer(
            credentials: exampleCredentials, region: "us-east-1", service: "s3", rules: .s3)
        let request = RequestToSign(
            method: "GET", path: "/",
            headers: [
                HTTPHeader("Host", "example.com"), HTTPHeader("User-Agent", "curl"),
                HTTPHeader("Expect", "100-continue"), HTTPHeader("Connection", "close"),
                HTTPHeader("Transfer-Encoding", "chunked"),
            ], payloadHash: emptyPayloadHash)
        let signed = signer.signHeaders(request, date: SigningDate(secondsSince1970: 0))
        #expect(signed.canonicalRequest.contains("\nhost;x-amz-content-sha256;x-amz-date\n"))
        #expect(
            signed.headers.map(\.name) == ["X-Amz-Date", "X-Amz-Content-Sha256", "Authorization"])
    }

    @Test func signingDatesAreUTC() {
        #expect(SigningDate(secondsSince1970: 1_440_938_160).timestamp == "20150830T123600Z")
        #expect(SigningDate(secondsSince1970: 951_782_400).day == "20000229")
        #expect(SigningDate(secondsSince1970: 0).timestamp == "19700101T000000Z")
    }

    @Test("smithy-rs double-url-encode")
    func smithyDoubleURLEncode() throws {
        let folder = vectorsRoot().appendingPathComponent("smithy-rs-extra/v4/double-url-encode")
        let request = VectorRequest(text: try read(folder.appendingPathComponent("request.txt")))
        let signer = Signer(credentials: exampleCredentials, region: "us-east-2", service: "lambda")
        let signed = signer.signHeaders(
            request.removingHeaders(["x-amz-date"]).toSign(payloadHash: emptyPayloadHash),
            date: signingDate(request.header("X-Amz-Date")!))
        func expected(_ name: String) throws -> String {
            try read(folder.appendingPathComponent(name)).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        #expect(signed.canonicalRequest == (try expected("header-canonical-request.txt")))
        #expect(signed.stringToSign == (try expected("header-string-to-sign.txt")))
        let signedRequest = VectorRequest(text: try expected("header-signed-request.txt"))
        #expect(signed.headers.last?.value == signedRequest.header("Authorization"))
    }

    @Test("smithy-rs double-encode-path")
    func smithyDoubleEncodePath() throws {
        let folder = vectorsRoot().appendingPathComponent("smithy-rs-extra/v4/double-encode-path")
        let request = VectorRequest(text: try read(folder.appendingPathComponent("request.txt")))
        let expected = try read(folder.appendingPathComponent("header-canonical-request.txt"))
        let uri = expected.components(separatedBy: "\n")[1]
        #expect(canonicalURI(request.path, rules: .standard) == uri)
    }
}
