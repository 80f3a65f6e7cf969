import Foundation
import Kinds
import Providers
import StackFile

/// A stack file as a CloudFormation template (`synth`), for CloudFormation StackSets to roll
/// out to many accounts and regions: every resource the plan would create, with every setting,
/// the account and region as `AWS::AccountId` and `AWS::Region`, and outputs for what
/// `streamstack output` prints. Made offline: the stack is resolved with placeholders for the
/// account and region, which become `Fn::Sub` expressions.
public struct CloudFormationTemplate: Sendable {
    public let stack: ResolvedStack

    public init(_ document: StackDocument) throws {
        stack = try document.resolve(
            ResolutionContext(
                accountID: TemplatePlaceholders.accountID, region: TemplatePlaceholders.region))
    }

    /// The template as JSONSerialization and YAML writers take it.
    public var object: [String: Any] {
        var resources: [String: Any] = [:]
        var outputs: [String: Any] = [:]
        let logical = Dictionary(stack.resources.map { ($0.id, Self.logicalID($0.id)) }) {
            first, _ in first
        }
        for resource in stack.resources {
            guard let kind = ResourceKinds.kind(of: resource.type), let id = logical[resource.id]
            else { continue }
            let dependsOn = resource.dependencies.compactMap { logical[$0] }.sorted()
            for part in kind.template(resource.spec) {
                var entry: [String: Any] = [
                    "Type": part.type,
                    "Properties": TemplateValue.object(part.properties).jsonObject(Self.intrinsic),
                ]
                let needs = part.suffix.isEmpty ? dependsOn : [id]
                if !needs.isEmpty { entry["DependsOn"] = needs }
                resources[id + part.suffix] = entry
            }
            // What `output` prints of what the file declares.
            guard ResourceKinds.language.resourceTypes.contains(where: { $0.type == resource.type })
            else { continue }
            for (attribute, value) in resource.attributes {
                outputs[id + Self.logicalID(attribute)] = [
                    "Description": "\(resource.id).\(attribute)", "Value": Self.intrinsic(value),
                ]
            }
        }
        var template: [String: Any] = [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description":
                "Stack \(stack.name), made by streamstack synth from its stack file; names carry the account and region where the file puts them.",
            "Resources": resources,
        ]
        if !outputs.isEmpty { template["Outputs"] = outputs }
        return template
    }

    public var json: String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `stream1`, `delivery.role`, `delivery.data_freshness_alarm` as CloudFormation's
    /// alphanumeric logical ids: `Stream1`, `DeliveryRole`, `DeliveryDataFreshnessAlarm`.
    static func logicalID(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
    }

    /// A string as the template writes it: with the account, region or partition in it, an
    /// `Fn::Sub` that names them (its own `${` written `${!`, as Fn::Sub reads literal text).
    static func intrinsic(_ text: String) -> Any {
        let placeholders = [
            (TemplatePlaceholders.accountID, "${AWS::AccountId}"),
            (TemplatePlaceholders.region, "${AWS::Region}"), ("arn:aws:", "arn:${AWS::Partition}:"),
        ]
        guard placeholders.contains(where: { text.contains($0.0) }) else { return text }
        var sub = text.replacingOccurrences(of: "${", with: "${!")
        for (placeholder, name) in placeholders {
            sub = sub.replacingOccurrences(of: placeholder, with: name)
        }
        return ["Fn::Sub": sub]
    }
}
