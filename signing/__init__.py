"""Staff keys on disk: OpenSSH Ed25519 key files, made private and read with their passphrase.

Imports events only; the signature format itself is `events.sshsig`.
"""
