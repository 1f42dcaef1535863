import urllib.parse

LIMIT_EXCEEDED = urllib.parse.quote("limit exceeded")
