"""The CPython ports of the communication suites, each beside its JS suite (``ping_pong.py`` beside
``ping_pong.ts``), imported as ``suites.comm.<name>``. Like the package above, never run these files as
scripts. Which cases a port cannot run is declared on the JS side (runtimes/versions/support.ts
``portGaps``), where the plan reads it before any block starts; a port asked for one anyway refuses it
in one line.
"""
