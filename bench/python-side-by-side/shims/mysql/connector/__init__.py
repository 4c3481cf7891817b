import pymysql
from pymysql import IntegrityError, Error
from . import pooling
