"""The Excel add-in's Python: the buttons of the 「政务公开年报」 ribbon tab.

``buttons`` holds what each button does (written once against the xlwings
API), ``source`` reads the live workbook for the shared reader, ``painting``
applies and removes marks, ``engine`` is the seam between desktop Excel (COM)
and xlwings' remote clients.  ``ribbon`` has one tiny module per add-in file;
``addin_build``, ``vba`` and ``install`` make and install the .xlam files.

Nothing here imports xlwings at module level: the command line loads these
modules on machines without it.
"""
