from opentelemetry._noop import _NoOp
class OTLPSpanExporter(_NoOp): pass
