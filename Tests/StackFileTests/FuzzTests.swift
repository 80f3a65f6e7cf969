import Foundation
import Kinds
import StackFile
import TestSupport
import Testing

/// Random mutations of the example stacks through the loader, validator and resolver: every
/// outcome is a stack or a list of positioned errors, never a crash.
struct FuzzTests {
    static let significant = Array(":-[]{}&*!|>'\"%@`#,?\t\n ${}.\u{0}é")

    @Test func mutatedExamplesNeverCrash() throws {
        let examples = try ["firehose-demo.yaml", "clickstream-parquet.yaml"].map {
            try String(contentsOfFile: "\(packageRoot)/Stacks/\($0)", encoding: .utf8)
        }
        var random = SeededGenerator(seed: 20_261_127)
        var loaded = 0
        for iteration in 0..<3000 {
            var lines = examples[iteration % examples.count].components(separatedBy: "\n")
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                mutate(&lines, &random)
            }
            let text = lines.joined(separator: "\n")
            do {
                let document = try StackLoader.load(text: text, file: "fuzz.yaml")
                loaded += 1
                _ = try? document.resolve(
                    ResolutionContext(accountID: "123456789012", region: "sa-east-1"))
            } catch {
                #expect(!error.diagnostics.isEmpty)
                #expect(
                    error.diagnostics.allSatisfy {
                        $0.location.line >= 1 && $0.location.column >= 1
                    })
            }
        }
        // Some mutations leave a valid stack; most do not.
        #expect(loaded > 0 && loaded < 3000)
    }

    func mutate(_ lines: inout [String], _ random: inout SeededGenerator) {
        guard !lines.isEmpty else { return }
        let index = Int.random(in: 0..<lines.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: index)
        case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &random))
        case 3: lines[index] = "  " + lines[index]
        case 4: lines[index] = String(lines[index].dropFirst(Int.random(in: 0...3, using: &random)))
        default:
            var characters = Array(lines[index])
            let position = Int.random(in: 0...characters.count, using: &random)
            characters.insert(Self.significant.randomElement(using: &random)!, at: position)
            lines[index] = String(characters)
        }
    }
}
