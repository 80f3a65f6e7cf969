import AWS
import Foundation
import Testing

/// Files that hold credentials, variables or state are owner-only and never written through a
/// link someone left in their place.
struct PrivateFileTests {
    @Test func aLinkInThePlaceOfTheFileIsReplacedNotFollowed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "private-\(UUID().uuidString)")
        let cache = directory.appendingPathComponent("cache/credentials.json").path
        defer { try? FileManager.default.removeItem(at: directory) }
        try PrivateFile.write(Data("first".utf8), to: cache, privateDirectory: true)
        let folder = try FileManager.default.attributesOfItem(
            atPath: (cache as NSString).deletingLastPathComponent)
        #expect(folder[.posixPermissions] as? Int == 0o700)
        #expect(
            try FileManager.default.attributesOfItem(atPath: cache)[.posixPermissions] as? Int
                == 0o600)

        // Someone puts a link where the file goes, pointing at a file of theirs.
        let target = directory.appendingPathComponent("target").path
        try "theirs".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: cache)
        try FileManager.default.createSymbolicLink(atPath: cache, withDestinationPath: target)
        try PrivateFile.write(Data("second".utf8), to: cache, privateDirectory: true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "theirs")
        #expect(try String(contentsOfFile: cache, encoding: .utf8) == "second")
        #expect(
            try FileManager.default.attributesOfItem(atPath: cache)[.type] as? FileAttributeType
                == .typeRegular)

        // A new file is never created over an existing one, nor through a link.
        #expect(throws: PrivateFile.WriteError.self) {
            try PrivateFile.create(Data("x".utf8), at: cache)
        }
        let link = directory.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: PrivateFile.WriteError.self) {
            try PrivateFile.create(Data("x".utf8), at: link)
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "theirs")
    }
}
