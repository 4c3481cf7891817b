"""Python 3.11 refuses an unhashable class instance as a dataclass default; 3.10, which the
service was written for, refused only list, dict and set. Debian 12's packages are built for 3.11,
so for this measurement such a default is let through as 3.10 did."""
import dataclasses

_get_field = dataclasses._get_field


def _get_field_as_in_310(cls, a_name, a_type, *rest):
    default = cls.__dict__.get(a_name, dataclasses.MISSING)
    kind = type(default)
    if default is not dataclasses.MISSING and kind not in (list, dict, set) and kind.__hash__ is None:
        kind.__hash__ = object.__hash__
        try:
            return _get_field(cls, a_name, a_type, *rest)
        finally:
            kind.__hash__ = None
    return _get_field(cls, a_name, a_type, *rest)


dataclasses._get_field = _get_field_as_in_310


# The sandbox's Elasticsearch has no `GET /` (its distribution leaves out the rest-root module),
# which the 7.x client asks once to check it talks to Elasticsearch: taken as checked.
import elasticsearch.transport as _es_transport


def _verified(self, headers, timeout):
    self._verified_elasticsearch = True


_es_transport.Transport._do_verify_elasticsearch = _verified

try:
    import elasticsearch._async.transport as _es_async_transport

    async def _verified_async(self, headers, timeout):
        self._verified_elasticsearch = True

    _es_async_transport.AsyncTransport._do_verify_elasticsearch = _verified_async
except ImportError:
    pass
