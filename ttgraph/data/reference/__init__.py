"""Reference data files (JSON Lines); a package only so that setuptools ships them."""
