"""Build-time tools: generate the site's pages from the package's data. Never imported by it."""
