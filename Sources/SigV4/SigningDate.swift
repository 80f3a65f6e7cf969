/// A signing instant in the two forms SigV4 uses: `YYYYMMDD` and `YYYYMMDD'T'HHMMSS'Z'` (UTC).
public struct SigningDate: Sendable, Equatable {
    public let day: String
    public let timestamp: String

    /// - Parameter secondsSince1970: the Unix time of the request.
    public init(secondsSince1970: Double) {
        let seconds = Int64(secondsSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        let dayString = pad(year, 4) + pad(month, 2) + pad(day, 2)
        self.day = dayString
        self.timestamp =
            dayString + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2)
            + pad(secondOfDay % 60, 2) + "Z"
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
private func civilDate(daysSince1970: Int64) -> (Int64, Int64, Int64) {
    let z = daysSince1970 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
