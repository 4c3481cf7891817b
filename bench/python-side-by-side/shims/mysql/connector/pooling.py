"""mysql-connector's connection pool over PyMySQL (mysql-connector-python is not packaged for
Debian 12): the calls the Python service makes, with the same round trips per use (a ping when a
connection is taken, a reset when it is given back)."""
import queue

import pymysql
import pymysql.cursors


class PoolError(Exception):
    pass


class PooledConnection:
    def __init__(self, pool, raw):
        self._pool, self._raw = pool, raw

    def cursor(self, dictionary=False, **options):
        return self._raw.cursor(pymysql.cursors.DictCursor if dictionary else pymysql.cursors.Cursor)

    def commit(self):
        self._raw.commit()

    def rollback(self):
        self._raw.rollback()

    def start_transaction(self):
        self._raw.begin()

    def is_connected(self):
        return self._raw.open

    def close(self):
        # mysql-connector gives a pooled connection back on close, after resetting its session.
        try:
            self._raw.rollback()
        except pymysql.Error:
            pass
        self._pool.give_back(self._raw)


class MySQLConnectionPool:
    def __init__(self, pool_name=None, pool_size=5, host=None, user=None, password=None, database=None,
                 port=3306, **options):
        self._idle = queue.Queue()
        for _ in range(pool_size):
            self._idle.put(pymysql.connect(host=host, user=user, password=password or "", database=database,
                                           port=int(port), autocommit=False, charset="utf8mb4"))

    def get_connection(self):
        try:
            raw = self._idle.get_nowait()
        except queue.Empty:
            raise PoolError("Failed getting connection; pool exhausted")
        raw.ping(reconnect=True)
        return PooledConnection(self, raw)

    def give_back(self, raw):
        self._idle.put(raw)
