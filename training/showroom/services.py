"""The showroom's logic: catalogue products and makers, stock movements, sales and voids.

Functions take objects and validated data, change the session and flush; the view commits. Every
sale, void and stock movement is written to the audit trail in the same transaction. Stock is only
ever taken by a conditional UPDATE (``stock >= quantity``), so two sales of the last unit cannot
both succeed, on SQLite or PostgreSQL, whichever app server they reach.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from training import audit
from training.clock import now_utc
from training.extensions import db, gettext as _
from training.showroom.models import (
    MOVE_DELIVERY,
    MOVE_RETURN,
    MOVE_SALE,
    MOVE_VOID,
    PAYMENTS,
    CatalogueProduct,
    ProductMaker,
    Sale,
    SaleLine,
    SaleLineMaker,
    StockMove,
)
from training.showroom.rates import rates_on
from training.storefront.services import product_cost as costing_of
from training.storefront.services import rupiah_round

MAX_QUANTITY = 10_000  # per line or movement: more is a typing mistake
MAX_PRICE = 1_000_000_000


class ShowroomError(ValueError):
    """A request the showroom cannot carry out; the message is for the user."""


def product_cost(product) -> int:
    """HPP of one unit, worked out by the learners' own calculator (0 for figures that cannot be read)."""
    return costing_of(product).unit_cost


def product_cost_steps(product):
    """The cost steps of a catalogue product, for the portfolio and the product page: the learners'
    own calculator, which logs and marks a product whose stored figures cannot be read."""
    return costing_of(product)


def save_product(facility_id: int, data: dict, product: CatalogueProduct | None = None) -> CatalogueProduct:
    """Create (or change) a catalogue product from validated form data, makers included.

    ``data["makers"]`` is a list of ``(learner, share_percent)``; the shares must add up to 100 and
    every maker must be a learner of the product's facility.
    """
    if not 0 <= int(data["price"]) <= MAX_PRICE:
        raise ShowroomError(_("Harga tidak boleh kurang dari nol."))
    makers = [(learner, int(share)) for learner, share in data["makers"]]
    if not makers or sum(share for _l, share in makers) != 100:
        raise ShowroomError(_("Bagian para pembuat harus berjumlah 100%."))
    if len({learner.id for learner, _s in makers}) != len(makers):
        raise ShowroomError(_("Satu pembuat hanya boleh dipilih sekali."))
    if any(learner.role != "learner" or learner.facility_id != facility_id for learner, _s in makers):
        raise ShowroomError(_("Pembuat harus warga binaan dari fasilitas produk ini."))
    created = product is None
    if created:
        product = CatalogueProduct(facility_id=facility_id, stock=0)
        db.session.add(product)
    product.name = data["name"].strip()
    product.category = data["category"]
    product.unit = (data.get("unit") or "buah").strip()
    product.description = (data.get("description") or "").strip()
    product.price = int(data["price"])
    if "material_cost" in data:  # the short costing form: materials as one line per unit
        if created or product_cost_steps(product).materials_total != int(data["material_cost"]):
            # a changed total replaces the lines; an unchanged one keeps a promoted product's detail
            product.materials = [{"name": _("Bahan"), "quantity": "1", "unit": product.unit,
                                  "price_per_unit": int(data["material_cost"])}]
        product.labour_centihours = rupiah_round(Decimal(str(data["labour_hours"])) * 100)
        product.labour_rate = int(data["labour_rate"])
        product.packaging_cost = int(data["packaging_cost"])
        product.overhead_monthly = int(data["overhead_monthly"])
        product.units_per_month = max(1, int(data["units_per_month"]))
    product.is_listed = bool(data.get("is_listed", True))
    product.makers = [ProductMaker(learner_id=learner.id, share_percent=share) for learner, share in makers]
    db.session.flush()
    audit.record("showroom.product_created" if created else "showroom.product_changed", product,
                 name=product.name, price=product.price, makers={str(maker.id): s for maker, s in makers})
    return product


def promote_practice_product(practice_product, price: int) -> CatalogueProduct:
    """Put a learner's practice product into the catalogue, keeping its costing and photo; the
    learner is its only maker (staff can add makers later)."""
    from training.storefront.services import product_unit

    if not 0 <= price <= MAX_PRICE:
        raise ShowroomError(_("Harga tidak boleh kurang dari nol."))
    product = CatalogueProduct(
        facility_id=practice_product.facility_id, name=practice_product.name, category=practice_product.category,
        unit=product_unit(practice_product), description=practice_product.description[:500],
        price=price, materials=list(practice_product.materials or []),
        labour_centihours=practice_product.labour_centihours, labour_rate=practice_product.labour_rate,
        packaging_cost=practice_product.packaging_cost, overhead_monthly=practice_product.overhead_monthly,
        units_per_month=practice_product.units_per_month, photo_id=practice_product.photo_id,
        source_product_id=practice_product.id, stock=0,
        makers=[ProductMaker(learner_id=practice_product.learner_id, share_percent=100)],
    )
    db.session.add(product)
    db.session.flush()
    audit.record("showroom.product_promoted", product, name=product.name, source_product_id=practice_product.id)
    return product


def set_product_photo(product: CatalogueProduct, photo_bytes: bytes, width: int, height: int,
                      content_type: str, actor) -> None:
    """Give a catalogue product a photo (already checked and re-encoded), replacing the one before.

    The photo is kept as the makers' product photos are, under the first maker, so the learner's
    portfolio can show it too.
    """
    from training.storefront.models import ProductPhoto

    maker_id = product.makers[0].learner_id if product.makers else None
    if maker_id is None:
        raise ShowroomError(_("Catat dulu siapa pembuat produk ini, baru unggah fotonya."))
    old = product.photo
    photo = ProductPhoto(learner_id=maker_id, content_type=content_type, data=photo_bytes, width=width, height=height)
    db.session.add(photo)
    db.session.flush()
    product.photo_id = photo.id
    if old is not None and not _photo_used_elsewhere(old.id, product.id):
        db.session.delete(old)
    db.session.flush()
    audit.record("showroom.product_photo", product, actor=actor, name=product.name)


def _photo_used_elsewhere(photo_id: int, product_id: int) -> bool:
    """Is the photo still shown by another catalogue product or a learner's practice product?"""
    from training.storefront.models import Product

    other = db.session.scalar(db.select(CatalogueProduct.id).where(
        CatalogueProduct.photo_id == photo_id, CatalogueProduct.id != product_id).limit(1))
    practice = db.session.scalar(db.select(Product.id).where(Product.photo_id == photo_id).limit(1))
    return other is not None or practice is not None


def _take_stock(product_id: int, quantity: int) -> bool:
    """Take ``quantity`` units if that many are in stock, in one conditional UPDATE. False if not."""
    result = db.session.execute(
        db.update(CatalogueProduct)
        .where(CatalogueProduct.id == product_id, CatalogueProduct.stock >= quantity)
        .values(stock=CatalogueProduct.stock - quantity)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _put_stock(product_id: int, quantity: int) -> None:
    db.session.execute(
        db.update(CatalogueProduct).where(CatalogueProduct.id == product_id)
        .values(stock=CatalogueProduct.stock + quantity).execution_options(synchronize_session=False)
    )


def _log_move(product: CatalogueProduct, kind: str, quantity: int, actor, *, sale=None, note: str = "",
              moved_dt=None) -> StockMove:
    db.session.refresh(product, ["stock"])
    move = StockMove(product_id=product.id, kind=kind, quantity=quantity, stock_after=product.stock,
                     sale_id=sale.id if sale is not None else None, note=note[:200],
                     by_id=actor.id if actor is not None else None, moved_dt=moved_dt or now_utc())
    db.session.add(move)
    db.session.flush()
    audit.record("showroom.stock_moved", move, actor=actor, facility_id=product.facility_id,
                 product_id=product.id, kind=kind, quantity=quantity, stock_after=move.stock_after)
    return move


def move_stock(product: CatalogueProduct, kind: str, quantity: int, actor, note: str = "", *,
               moved_dt=None) -> StockMove:
    """Record a delivery from the workshop (in) or a return to it (out); ``moved_dt`` (default now)
    is for movements recorded afterwards, such as the demo's."""
    if kind not in (MOVE_DELIVERY, MOVE_RETURN):
        raise ShowroomError(_("Pilih jenis gerakan stok."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ShowroomError(_("Jumlah harus antara 1 dan %(max)d.", max=MAX_QUANTITY))
    if kind == MOVE_DELIVERY:
        _put_stock(product.id, quantity)
        return _log_move(product, kind, quantity, actor, note=note, moved_dt=moved_dt)
    if not _take_stock(product.id, quantity):
        raise ShowroomError(_("Stok %(name)s tidak cukup: hanya ada %(stock)d.", name=product.name,
                              stock=product.stock))
    return _log_move(product, kind, -quantity, actor, note=note, moved_dt=moved_dt)


def find_sale(token: str) -> Sale | None:
    """The sale already recorded for a form's token, if any."""
    return db.session.scalar(db.select(Sale).where(Sale.token == token))


def sell(actor, token: str, items: list[tuple[CatalogueProduct, int]], payment: str, *, sold_dt=None) -> Sale:
    """Record one sale of ``items`` (product, quantity) by showroom staff ``actor``.

    Idempotent: a token already used returns the sale it recorded. Each product must be one the
    actor may sell; each quantity between 1 and the stock. On any refusal nothing is changed (the
    caller rolls back) and a :class:`ShowroomError` says why.
    """
    from training.access import can_manage_catalogue_product

    existing = find_sale(token)
    if existing is not None:
        return existing
    if payment not in PAYMENTS:
        raise ShowroomError(_("Pilih cara bayar."))
    items = [(product, quantity) for product, quantity in items if quantity]
    if not items:
        raise ShowroomError(_("Pilih paling sedikit satu produk dan jumlahnya."))
    sold_dt = sold_dt or now_utc()
    sale = Sale(token=token, facility_id=actor.facility_id, staff_id=actor.id, payment=payment, total=0,
                sold_dt=sold_dt)
    db.session.add(sale)
    try:
        db.session.flush()  # a second press with the same token stops here
    except IntegrityError:
        db.session.rollback()
        first = find_sale(token)
        if first is None:  # not the same form pressed twice: something else refused the sale
            raise ShowroomError(_("Penjualan tidak bisa dicatat. Coba lagi.")) from None
        return first
    for product, quantity in items:
        if not can_manage_catalogue_product(actor, product) or not product.is_listed:
            raise ShowroomError(_("Produk %(name)s tidak dijual di etalase ini.", name=product.name))
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ShowroomError(_("Jumlah %(name)s harus 1 atau lebih.", name=product.name))
        if not _take_stock(product.id, quantity):
            db.session.refresh(product, ["stock"])
            raise ShowroomError(_("Stok %(name)s tidak cukup: hanya ada %(stock)d.", name=product.name,
                                  stock=product.stock))
        rates = rates_on(product.facility_id, sold_dt.date())
        sale.lines.append(SaleLine(product_id=product.id, product_facility_id=product.facility_id,
                                   quantity=quantity, unit_price=product.price, unit_cost=product_cost(product),
                                   pnbp_rate=rates.pnbp_rate, premi_rate=rates.premi_rate,
                                   split_basis=rates.basis,
                                   makers=[SaleLineMaker(learner_id=maker.learner_id, share_percent=maker.share_percent)
                                           for maker in product.makers]))
    sale.total = sum(line.amount for line in sale.lines)
    db.session.flush()
    for line in sale.lines:
        _log_move(line.product, MOVE_SALE, -line.quantity, actor, sale=sale, moved_dt=sold_dt)
    audit.record("showroom.sale", sale, actor=actor, total=sale.total, payment=payment,
                 lines=[[line.product_id, line.quantity, line.unit_price] for line in sale.lines])
    return sale


def void_sale(sale: Sale, actor, reason: str, *, voided_dt=None) -> Sale:
    """Void a mistaken sale: it stays on record with the reason, and its units go back to stock.
    ``voided_dt`` (default now) is for a void recorded afterwards, such as the demo's."""
    reason = (reason or "").strip()
    voided_dt = voided_dt or now_utc()
    if len(reason) < 5:
        raise ShowroomError(_("Tulis alasan pembatalan (paling sedikit 5 huruf)."))
    # One conditional UPDATE, so two voids pressed at once cannot both put the units back.
    voided = db.session.execute(
        db.update(Sale).where(Sale.id == sale.id, Sale.voided_dt.is_(None))
        .values(voided_dt=voided_dt, voided_by_id=actor.id, void_reason=reason[:300])
        .execution_options(synchronize_session=False)
    ).rowcount
    if voided != 1:
        raise ShowroomError(_("Penjualan ini sudah dibatalkan."))
    db.session.refresh(sale)
    for line in sale.lines:
        _put_stock(line.product_id, line.quantity)
        _log_move(line.product, MOVE_VOID, line.quantity, actor, sale=sale, note=reason, moved_dt=voided_dt)
    audit.record("showroom.sale_voided", sale, actor=actor, reason=sale.void_reason, total=sale.total)
    return sale


def stock_card(product: CatalogueProduct) -> list[StockMove]:
    """Every stock movement of a product, oldest first: the product's stock card."""
    return db.session.scalars(
        db.select(StockMove).where(StockMove.product_id == product.id).order_by(StockMove.moved_dt, StockMove.id)
    ).all()
