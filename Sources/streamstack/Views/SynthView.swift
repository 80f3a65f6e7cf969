import AWS
import Engine
import Foundation
import Yams

/// How `synth` writes its template: JSON or YAML, to standard output or a file.
struct SynthView {
    let console: Console

    func write(_ template: CloudFormationTemplate, yaml: Bool, to path: String?) throws {
        let text = yaml ? try Yams.dump(object: template.object, sortKeys: true) : template.json
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try PrivateFile.write(Data(text.utf8), to: path, mode: 0o644)
        console.err("Wrote \(path): \(template.stack.resources.count) resources.")
    }
}
