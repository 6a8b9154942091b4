/// Dick & Basu loyalty cell from attitude (latest survey) and repeat behaviour (P(alive), frequency) (ANALYTICS.md §7).
public enum LoyaltyMatrix: String, Sendable {
    case trueLoyalty = "true"
    case latent
    case spurious
    case none
    /// No survey answer (or one without NPS, CSAT or SERVQUAL): the attitude is shown as unknown, not guessed.
    case unknownAttitude = "unknown"

    /// The latest survey answer of a customer; any one field may be present.
    public struct Survey: Sendable {
        public var nps: Int?
        public var csat: Int?
        public var servqualOverallGap: Double?
        public init(nps: Int? = nil, csat: Int? = nil, servqualOverallGap: Double? = nil) {
            self.nps = nps
            self.csat = csat
            self.servqualOverallGap = servqualOverallGap
        }
    }

    /// Attitude high when NPS ≥ 9 or CSAT ≥ 4 or SERVQUAL overall gap ≥ 0; behaviour high when P(alive) ≥ 0.5 and frequency ≥ median (ANALYTICS.md §7).
    public static func cell(latestSurvey: Survey?, probabilityAlive: Double, frequency: Double, medianFrequency: Double) -> LoyaltyMatrix {
        guard let survey = latestSurvey, survey.nps != nil || survey.csat != nil || survey.servqualOverallGap != nil else {
            return .unknownAttitude
        }
        let attitude = (survey.nps.map { $0 >= 9 } ?? false) || (survey.csat.map { $0 >= 4 } ?? false)
            || (survey.servqualOverallGap.map { $0 >= 0 } ?? false)
        let behaviour = probabilityAlive >= 0.5 && frequency >= medianFrequency
        switch (attitude, behaviour) {
        case (true, true): return .trueLoyalty
        case (true, false): return .latent
        case (false, true): return .spurious
        case (false, false): return .none
        }
    }
}
