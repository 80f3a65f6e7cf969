import Providers
import StackFile

/// An alarm as CloudFormation makes it (AWS::CloudWatch::Alarm).
extension AlarmKind {
    public static func template(_ alarm: AlarmSpec) -> [TemplateResource] {
        [
            TemplateResource(
                type: "AWS::CloudWatch::Alarm",
                properties: [
                    "AlarmName": .string(alarm.name),
                    "AlarmDescription": .string(alarm.description),
                    "Namespace": .string(alarm.metric.namespace),
                    "MetricName": .string(alarm.metric.name),
                    "Dimensions": .list(
                        alarm.metric.dimensions.sorted { $0.key < $1.key }.map {
                            .object(["Name": .string($0.key), "Value": .string($0.value)])
                        }),
                    "Statistic": .string(alarm.statistic.rawValue),
                    "Period": .integer(alarm.periodSeconds),
                    "EvaluationPeriods": .integer(alarm.evaluationPeriods),
                    "DatapointsToAlarm": .integer(alarm.datapointsToAlarm),
                    "Threshold": .number(alarm.threshold),
                    "ComparisonOperator": .string(alarm.comparison.rawValue),
                    "TreatMissingData": .string(alarm.missingData.rawValue),
                    "AlarmActions": .list(alarm.actions.map(TemplateValue.string)),
                    "OKActions": .list(alarm.actions.map(TemplateValue.string)),
                ])
        ]
    }
}
