"""openkyb: an open, self-hostable Know Your Business platform."""

__version__ = "0.1.0"
