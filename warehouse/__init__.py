"""The warehouse: one DuckDB file and its Parquet copy, behind one API (`Warehouse`)."""

from warehouse.api import Checked, Warehouse, WarehouseDamaged
from warehouse.connection import NoWarehouse
from warehouse.locks import WarehouseBusy
from warehouse.migrations import SchemaError

__all__ = ["Checked", "NoWarehouse", "SchemaError", "Warehouse", "WarehouseBusy", "WarehouseDamaged"]
