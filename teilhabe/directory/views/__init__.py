"""Views of the directory: the office (``office``), moderation (``moderation``), the
public site (``public``) and exchange formats (``interop``)."""
