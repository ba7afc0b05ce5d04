"""interviewer: an offline, voice-driven mock interviewer for AI product-manager interviews."""

__version__ = "0.1.0"
