"""Helpers of the end-to-end suite: real processes, raw HTTP and gRPC, metrics, load."""
