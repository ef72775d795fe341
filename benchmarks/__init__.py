"""eduplan benchmarks: `python -m benchmarks` runs them all and prints their figures."""
