"""Browser tests: the offline page and the WPS add-in (a package, so that its conftest
is ``web.conftest`` and leaves the suite's own ``conftest`` module alone)."""
