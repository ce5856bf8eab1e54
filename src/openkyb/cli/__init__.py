"""The ``openkyb`` command line."""

from __future__ import annotations

import typer

from openkyb import __version__
from openkyb.cli.admin import admin_keys_app, db_app, keys_app, policy_app, tenants_app
from openkyb.cli.catalogue import checks
from openkyb.cli.companies import companies_app
from openkyb.cli.companies_lookup import register as register_company_lookups
from openkyb.cli.data import data_app
from openkyb.cli.gateway import gateway_app
from openkyb.cli.screen import screen, screening_app
from openkyb.cli.server import demo, serve
from openkyb.cli.usage import usage
from openkyb.cli.verify import verify

app = typer.Typer(
    name="openkyb",
    help="openkyb: explained Know Your Business verdicts from public registries and lists.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.command()(serve)
app.command()(demo)
app.command()(verify)
app.command()(checks)
app.add_typer(db_app, name="db")
app.add_typer(tenants_app, name="tenants")
app.add_typer(keys_app, name="keys")
app.add_typer(policy_app, name="policy")
app.add_typer(admin_keys_app, name="admin-keys")
app.command()(usage)
app.add_typer(data_app, name="data")
register_company_lookups(companies_app)  # show, search
app.add_typer(companies_app, name="companies")
app.add_typer(screening_app, name="screening")
app.add_typer(gateway_app, name="gateway")
app.command()(screen)


@app.command()
def version() -> None:
    """Print the openkyb version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
