"""Which library versions a project supports, read from its files without importing it, and the
policy that decides which version-bound rules apply (see docs/versions.md)."""
