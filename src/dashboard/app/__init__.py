"""App: the Streamlit glue the pages use (caching, login and roles, sidebar and URL, widgets and downloads, dossier).

The top layer of the package; pages/ and app.py sit on it."""
