"""China's cybersecurity incident reporting rules as cited data, and the code that reads them.

Standard library only: the package runs unchanged in CPython and in Pyodide.
"""

# The package version: the only place it is written (pyproject.toml reads it; see CHANGELOG.md).
__version__ = "0.2.0"
