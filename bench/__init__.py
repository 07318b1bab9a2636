"""`make bench`: the performance figures of the suite, each beside a baseline measured in the same run.

The machine is small and shared, so absolute numbers move from run to run; the targets are ratios against a
baseline that runs on the same servers, minutes apart. Benchmarks print and record; tests assert behaviour.
"""
