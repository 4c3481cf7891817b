from mysql.connector.pooling import PooledConnection as MySQLConnection
