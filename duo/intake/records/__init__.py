"""Spreadsheet import of the people and duos an organisation already keeps in Excel.

reader (bytes -> header and rows, no Django) -> validator (typed values, row problems) -> plan
(what would be created, updated or left unchanged) -> writer (all or nothing, in bulk). The
columns are defined once in `columns`; `services` holds the use cases the command
(import_records) and the staff pages call; `template` writes the XLSX template.
"""
