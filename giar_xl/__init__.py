"""giar-xl: 政府信息公开工作年度报告 — workbook, checks, export and audit."""

__version__ = "0.1.0"
