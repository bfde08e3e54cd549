"""Signing in: local passwords (throttled, reset by e-mail, changed by their owner), single
sign-on with an OpenID Connect provider, idle sessions ended, and the security headers every
page carries."""
