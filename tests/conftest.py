"""Test layout: package/ tests only the decision_tree package (also run against the built wheel
and inside Pyodide); site/ tests the generated pages, the built site and the browser."""
