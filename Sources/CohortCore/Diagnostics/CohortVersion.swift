/// Cohort's version: what `cohort --version` prints and what it tells servers in its User-Agent.
public enum CohortVersion {
    public static let number = "0.3.0"
}
