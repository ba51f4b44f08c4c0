"""The synthetic sample: the generator of the bundled deliveries (`dashboard generate`, generate*.py) and the
monthly series demo mode derives from them on the first start (reeks.py, loaded by app.reekslader).

In the runtime, not in devtools, because the demo's first start derives the series in the server; it needs only
core (the codes) and writes delivery files the loader reads like any other.
"""
