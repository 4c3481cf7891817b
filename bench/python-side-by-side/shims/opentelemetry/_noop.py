class _NoOp:
    """Does nothing: this measurement runs with OpenTelemetry off (OTEL_DISABLED=true)."""
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): return _NoOp()
    def __getattr__(self, name): return _NoOp()
    def __enter__(self): return self
    def __exit__(self, *a): return False
