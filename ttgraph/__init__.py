"""ttgraph: a technology-transfer knowledge graph and Thai-aware search engine for Thailand."""

__version__ = "0.1.0"
