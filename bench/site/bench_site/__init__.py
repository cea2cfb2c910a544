"""The portal as `make bench` serves it: its own settings and URLs plus what the benchmark
needs (a bare view to compare with, a count of the queries of each request). Put on the Python
path beside the checkout being measured, so an older checkout is served the same way."""
