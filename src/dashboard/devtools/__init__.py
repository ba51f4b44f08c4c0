"""Developer tooling: the benchmark, the websocket load generator, the local server and scale-out helpers.

Nothing in the app's runtime (app.py, pages/, the other modules of this package) imports from here;
`tests/test_devtools_isolation` ... see tests/test_concurrency.py, which checks that.
"""
