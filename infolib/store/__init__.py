"""The workbook database: SQLAlchemy Core tables, pandas DataFrames out."""
