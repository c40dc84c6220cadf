telemetry {
  dogstatsd_addr = "localhost:8125"
}
