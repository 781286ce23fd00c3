"""giar-xl without Python installed: the offline page and the WPS add-in.

Both run giar-xl's own code in Pyodide (CPython compiled to WebAssembly) inside a
web page: :mod:`.page` is what the page calls, :mod:`.wps` what the WPS add-in's
buttons call, :mod:`.edges` the only places where the browser reads differently,
:mod:`.build` and :mod:`.pyodide_dist` write the page and the add-in.  Their
JavaScript and HTML live in the repository's ``web/`` folder.
"""
