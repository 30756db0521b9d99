"""``cfgmigrate audit`` and ``compare``: find the drift between configs, the classes that hold them
and the code that reads them, and write the rule pack that fixes it. User code is read with
Python's ``ast``, never imported."""
