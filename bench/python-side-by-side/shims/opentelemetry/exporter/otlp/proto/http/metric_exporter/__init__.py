from opentelemetry._noop import _NoOp
class OTLPMetricExporter(_NoOp): pass
