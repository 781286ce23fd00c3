"""One module per add-in file: the file name *is* the module to run.

xlwings' ribbon add-in template runs, for a click on its button,
``RunPython "import <add-in name without .xlam>; <same>.main()"``.  So the
add-in ``giar_xl.excel.ribbon.b1_validate.xlam`` runs :func:`b1_validate.main`.
The ``b1``… prefixes order the buttons: Excel opens the files in XLSTART in
name order, and each adds its button to the shared 「政务公开年报」 tab.
"""
