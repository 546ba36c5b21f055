"""Data shipped with ttgraph (reference geography, demo catalogue); a package so setuptools ships it."""
