"""Hand-written content of the demo catalogue, read by scripts/make_demo.py."""
