"""The one place bialign's version is written; packaging and signatures read it from here."""

__version__ = "0.1.0"
