"""The showroom's command: ``flask showroom-calibrate --from DATE --to DATE [--apply --admin NAME]``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from training.extensions import db


@click.command("showroom-calibrate")
@click.option("--from", "date_from", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first day, 2026-10-01")
@click.option("--to", "date_to", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last day, 2026-11-30")
@click.option("--apply", "do_apply", is_flag=True, help="store the figures after an explicit yes")
@click.option("--admin", "admin_name", help="the national admin who accepts (needed with --apply)")
@with_appcontext
def calibrate_command(date_from, date_to, do_apply, admin_name):
    """Propose each category's reference price and weekly demand for the practice market from the
    real sales of a period; with --apply, store them once the named national admin says yes."""
    from training.access import NATIONAL_ADMIN
    from training.accounts.models import User
    from training.showroom.calibration import apply, propose
    from training.storefront.display import rupiah

    date_from, date_to = date_from.date(), date_to.date()
    if date_to < date_from:
        raise click.ClickException("--to is before --from")
    proposals = propose(date_from, date_to)
    if not proposals:
        click.echo(f"No real sales between {date_from} and {date_to}: nothing to propose.")
        return
    click.echo(f"Real sales {date_from} .. {date_to}")
    click.echo(f"{'category':<12}{'units':>7}{'per week':>10}{'ref. price now':>17}{'proposed':>14}"
               f"{'shoppers/wk now':>17}{'proposed':>10}")
    for p in proposals:
        click.echo(f"{p.category:<12}{p.units:>7}{p.weekly_units:>10}{rupiah(p.current_reference_price):>17}"
                   f"{rupiah(p.reference_price):>14}{p.current_customers_per_week:>17}{p.customers_per_week:>10}")
    if not do_apply:
        click.echo("Nothing changed. Run again with --apply --admin NAME to use these figures.")
        return
    admin = db.session.scalar(db.select(User).where(User.username == (admin_name or "").strip().lower(),
                                                    User.role == NATIONAL_ADMIN, User.active.is_(True)))
    if admin is None:
        raise click.ClickException("--apply needs --admin with the username of an active national admin")
    if not click.confirm(f"{admin.full_name}: use these figures in the practice market from now on?", default=False):
        click.echo("Not applied.")
        return
    rows = apply(proposals, date_from, date_to, admin)
    db.session.commit()
    click.echo(f"Applied {len(rows)} categories (recorded in the audit trail).")
