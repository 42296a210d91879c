"""What both resources and the command line share: AWS clients and calls, pacing and
retries, errors, the providers' configure, and the audit of botocore's documentation."""
