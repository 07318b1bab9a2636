"""`python -m faults`: the whole system under load while each of its processes is killed and restarted.

PostgreSQL, the broker, every command service (and with it its relay) and the projection run as real processes
on loopback. A load generator writes across the four command services and keeps its own ledger of what was
acknowledged; meanwhile each process is killed with SIGKILL and started again, one at a time and then all
together. Afterwards the suite checks, in the databases themselves, that every acknowledged write is stored
exactly once, that every event is applied exactly once, and that the projection's figures equal those of a
projection built from nothing. It prints what it measured and exits non-zero when a check fails.
"""
