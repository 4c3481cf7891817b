import enum

from opentelemetry._noop import _NoOp


class StatusCode(enum.Enum):
    UNSET = 0
    OK = 1
    ERROR = 2


class Status(_NoOp):
    pass


def get_tracer(*args, **kwargs):
    return _NoOp()


def set_tracer_provider(*args, **kwargs):
    pass


def get_current_span(*args, **kwargs):
    return _NoOp()
