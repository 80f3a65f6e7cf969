import Foundation
import SigV4

/// `application/x-www-form-urlencoded` as the Query protocol wants it: unreserved characters as
/// they are, space as `+`, every other byte `%XX`. (Foundation's `.urlQueryAllowed` leaves
/// `+ & = / : ,` alone and corrupts values.)
public enum FormEncoding {
    public static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(component($0.0))=\(component($0.1))" }.joined(separator: "&")
    }

    static func component(_ text: String) -> String {
        uriEncode(text, keeping: [UInt8(ascii: " ")]).replacingOccurrences(of: " ", with: "+")
    }
}
