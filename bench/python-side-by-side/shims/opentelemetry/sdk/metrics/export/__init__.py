from opentelemetry._noop import _NoOp
class PeriodicExportingMetricReader(_NoOp): pass
