"""China's cybersecurity incident reporting rules as cited data, and the code that reads them.

Standard library only: the package runs unchanged in CPython and in Pyodide.
"""
