import Providers
import StackFile

/// The managed role as CloudFormation makes it (AWS::IAM::Role, its policy inline).
extension RoleKind {
    public static func template(_ role: RoleSpec) -> [TemplateResource] {
        [
            TemplateResource(
                type: "AWS::IAM::Role",
                properties: [
                    "RoleName": .string(role.name), "Path": .string(role.path),
                    "AssumeRolePolicyDocument": TemplateValue(json: role.trustPolicy),
                    "Policies": .list([
                        .object([
                            "PolicyName": .string(role.inlinePolicyName),
                            "PolicyDocument": TemplateValue(json: role.inlinePolicy),
                        ])
                    ]),
                    "Tags": .tags(role.tags),
                ])
        ]
    }
}
