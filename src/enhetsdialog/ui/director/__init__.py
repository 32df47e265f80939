"""The director's side: review with remarks side by side, compare, portfolio, the dialogue meeting,
agreement packages and the profile. Each view is a plain QWidget that takes the AppContext; the main
window hosts them (see the module docstrings for the one-line wiring)."""
