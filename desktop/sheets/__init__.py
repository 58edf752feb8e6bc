"""Spreadsheets in and out: reading .xlsx and .csv participant lists into plain tables,
recognising their headers and cells, and writing lists back. Plain data only: nothing
here knows the database or Qt."""
