from qa.cli.main import run

run()
