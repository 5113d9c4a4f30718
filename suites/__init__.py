"""The CPython ports of the workloads, each beside its JS suite (``collatz.py`` beside ``collatz.ts``).

A package, imported as ``suites.<name>`` with the project root on ``sys.path`` (the CPython entries
in runtimes/python/ put it there). This file makes it a regular package, so no installed ``suites``
package can stand in for it. Never run these files as scripts: their folder on ``sys.path`` would let
``io.py`` and ``types.py`` hide the standard library's modules of those names.
"""
