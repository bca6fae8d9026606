from . import run_cli

run_cli()
