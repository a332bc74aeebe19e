"""Geography: Mimika's boundaries, 1:1 joins of indicators by code, and offline map figures.

Imports neither streamlit nor the store; pages reach it through ``ui``.
"""
