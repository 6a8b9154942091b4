import Foundation
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// Prometheus metrics for the whole process. swift-metrics can be bootstrapped once per process,
/// so every application in the process (tests start many) shares this registry.
public enum GuanxiMetrics {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = NIOLockedValueBox(false)

    /// Routes Vapor's request counters and latency timers (labelled by route and status) into the registry.
    public static func bootstrap() {
        bootstrapped.withLockedValue { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            ]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }

    /// Gauges read at scrape time.
    static let residentMemory = registry.makeGauge(name: "process_resident_memory_bytes", help: "Resident set size of the process")
    static let poolConnections = registry.makeGauge(name: "guanxi_db_pool_max_connections", help: "Database connections the pool may open")
    static let requestsInFlight = registry.makeGauge(name: "guanxi_http_requests_in_flight",
                                                     help: "Requests being answered, this one included; a stopping server waits for them")
    static let databaseUp = registry.makeGauge(name: "guanxi_db_up", help: "1 when the database answered the last probe")
    static let databaseProbeSeconds = registry.makeGauge(name: "guanxi_db_probe_seconds", help: "Time of the last database probe")

    /// The resident set size from /proc, 0 where it is unavailable.
    static func residentBytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
