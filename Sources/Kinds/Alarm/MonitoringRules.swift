import StackFile

/// What CloudWatch would refuse in the `monitoring` section, said at the line at fault.
enum MonitoringRules {
    @Sendable static func check(_ top: StackNode.Mapping, _ validator: StackValidator) {
        typealias Key = MonitoringFields.Override
        guard let monitoring = top[MonitoringFields.section]?.mapping else { return }
        for alarm in PipelineAlarm.allCases {
            guard let section = monitoring[MonitoringFields.section(alarm)]?.mapping else {
                continue
            }
            let period = validator.known(section, Key.periodSeconds) ?? alarm.defaultPeriodSeconds
            if let node = section[Key.periodSeconds], period % 60 != 0 {
                // Shorter periods are for high-resolution metrics, which AWS does not publish.
                validator.error(
                    node.location,
                    "\(alarm.rawValue).period_seconds must be a multiple of 60, got \(period)")
            }
            let evaluations =
                validator.known(section, Key.evaluationPeriods) ?? alarm.defaultEvaluationPeriods
            // CloudWatch's limit on an alarm's evaluation range (PutMetricAlarm's
            // EvaluationPeriods): a day, or a week for periods of an hour or more.
            let limit = period >= 3600 ? 604_800 : 86_400
            if period * evaluations > limit {
                validator.error(
                    (section[Key.evaluationPeriods] ?? section[Key.periodSeconds])?.location
                        ?? section.location,
                    "\(alarm.rawValue): \(evaluations) periods of \(period) s cover \(period * evaluations) s; CloudWatch evaluates at most \(limit) s (\(limit == 86_400 ? "a day" : "a week"))"
                )
            }
            if let datapoints = validator.known(section, Key.datapointsToAlarm),
                datapoints > evaluations, let node = section[Key.datapointsToAlarm]
            {
                validator.error(
                    node.location,
                    "\(alarm.rawValue).datapoints_to_alarm (\(datapoints)) cannot exceed evaluation_periods (\(evaluations))"
                )
            }
        }
    }
}
