"""Showroom staff give a catalogue product its photo: checked, re-encoded, shown in the public
catalogue, audited; a file that is not a picture changes nothing; another facility's product is 404."""
from __future__ import annotations

import io

from PIL import Image

from tests.conftest import post_form
from training.extensions import db


def _png() -> bytes:
    raw = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 120, 40)).save(raw, format="PNG")
    return raw.getvalue()



def _photo_id(app, product_id):
    from training.showroom.models import CatalogueProduct

    with app.app_context():
        return db.session.get(CatalogueProduct, product_id).photo_id


def test_staff_upload_a_photo_that_the_public_catalogue_shows(app, world, client_as):
    from training.audit import AuditEvent

    product_id = world.catalogue_product.id
    before = _photo_id(app, product_id)
    client = client_as("etalase")
    page = f"/etalase/produk/{product_id}/stok"
    response = post_form(client, f"/etalase/produk/{product_id}/foto",
                         {"photo": (io.BytesIO(_png()), "batik.png")}, page=page,
                         content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and "Foto disimpan." in response.get_data(as_text=True)
    after = _photo_id(app, product_id)
    assert after is not None and after != before
    shown = app.test_client().get(f"/katalog/foto/{product_id}")
    assert shown.status_code == 200 and shown.mimetype.startswith("image/")
    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "showroom.product_photo"))
        assert event is not None and event.actor_id == world.etalase.id


def test_a_file_that_is_not_a_picture_changes_nothing(app, world, client_as):
    product_id = world.catalogue_product.id
    before = _photo_id(app, product_id)
    client = client_as("etalase")
    response = post_form(client, f"/etalase/produk/{product_id}/foto",
                         {"photo": (io.BytesIO(b"not a picture at all"), "foto.png")},
                         page=f"/etalase/produk/{product_id}/stok", content_type="multipart/form-data",
                         follow_redirects=True)
    assert response.status_code == 200 and "Foto disimpan." not in response.get_data(as_text=True)
    assert _photo_id(app, product_id) == before


def test_another_facilitys_staff_cannot_change_the_photo(app, world, client_as):
    product_id = world.catalogue_product.id
    before = _photo_id(app, product_id)
    client = client_as("other_etalase")
    response = post_form(client, f"/etalase/produk/{product_id}/foto",
                         {"photo": (io.BytesIO(_png()), "batik.png")}, page="/etalase/",
                         content_type="multipart/form-data")
    assert response.status_code == 404
    assert _photo_id(app, product_id) == before
