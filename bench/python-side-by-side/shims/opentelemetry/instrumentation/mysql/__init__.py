class MySQLInstrumentor:
    def instrument_connection(self, connection, *a, **k): return connection
    def instrument(self, *a, **k): pass
