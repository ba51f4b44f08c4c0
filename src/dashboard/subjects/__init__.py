"""Subjects: one module per subject (Overzicht, Fasematrix/adressen, Kaart, SVIP, IVR, ...): its data and transforms.

Polars frames in, polars frames out; imports dashboard.store and dashboard.core, never Streamlit or plotly."""
