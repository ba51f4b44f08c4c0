"""Dashboard Schade & Versterken: joint NCG/IMG dossier dashboard."""
