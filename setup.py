"""The C extension modules (the rest of the build is in pyproject.toml).

The PDF reader's per-word measuring (civicplan/importer/parsers/_pdfwords.c) is optional: where
it cannot be compiled, civicplan/importer/parsers/pdf.py reads in Python, the same pieces slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("civicplan.importer.parsers._pdfwords", ["civicplan/importer/parsers/_pdfwords.c"], optional=True),
])
