"""`python -m search_api.cli`: the `kaynak` command line."""

from search_api.cli.main import app

app()
