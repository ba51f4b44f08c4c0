"""Developer tooling: the benchmark, the websocket load generator, the local server and scale-out helpers.

Nothing in the app's runtime (app.py, pages/, the other modules of this package) imports from here;
`dashboard bench` imports it when that command runs. tests/test_concurrency.py checks both.
"""
