class JobFailed(Exception):
    """A failure the person who started the job can act on (e.g. a bad row in a file): its text is
    shown on the job page. Any other exception is logged and shown only as an unexpected error."""
