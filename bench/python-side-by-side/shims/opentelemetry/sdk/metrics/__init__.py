from opentelemetry._noop import _NoOp
class MeterProvider(_NoOp): pass
