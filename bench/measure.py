"""Runs a command and records its wall time and peak resident memory.

    python3 bench/measure.py STATS.json STDOUT_FILE -- COMMAND...

Writes {"secs", "peak_rss_kib", "rc"} to STATS.json and the command's standard output to
STDOUT_FILE; exits with the command's status. Peak memory is the largest resident set of the
command's process tree as the kernel accounts it (ru_maxrss of waited-for children), so it
works where /usr/bin/time is missing.
"""

import json
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    stats, stdout, cmd = sys.argv[1], sys.argv[2], sys.argv[4:]
    with open(stdout, "wb") as out:
        start = time.perf_counter()
        rc = subprocess.run(cmd, stdout=out).returncode
        secs = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(stats, "w", encoding="utf-8") as f:
        json.dump({"secs": secs, "peak_rss_kib": rss, "rc": rc}, f)
    sys.exit(rc)


if __name__ == "__main__":
    main()
