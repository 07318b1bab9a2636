"""The clients' command set: `demo`, `import` and `backtest-outlook`, mounted into `ipo` beside its own commands."""

from __future__ import annotations

import typer

from ipo_clients.backtest import backtest_outlook
from ipo_clients.demo.command import demo
from ipo_clients.importer.command import import_file

app = typer.Typer(help="通过公开 HTTP 接口使用政策措施系统的客户端；clients of the policy-measures system over its "
                  "public HTTP APIs.", no_args_is_help=True)
app.command("demo")(demo)
app.command("import")(import_file)
app.command("backtest-outlook")(backtest_outlook)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
