import StackFile

/// The statistic an alarm compares, as CloudWatch names it.
public enum AlarmStatistic: String, Vocabulary {
    case average = "Average"
    case sum = "Sum"
    case minimum = "Minimum"
    case maximum = "Maximum"
    case sampleCount = "SampleCount"
}

/// How an alarm compares its statistic with its threshold, as CloudWatch names it.
public enum AlarmComparison: String, Vocabulary {
    case greaterThan = "GreaterThanThreshold"
    case greaterThanOrEqual = "GreaterThanOrEqualToThreshold"
    case lessThan = "LessThanThreshold"
    case lessThanOrEqual = "LessThanOrEqualToThreshold"
}

/// What an alarm makes of a period without data, as CloudWatch names it.
public enum MissingData: String, Vocabulary {
    case missing
    case notBreaching
    case breaching
    case ignore
}
