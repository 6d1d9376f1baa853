"""Forms of the showroom. Numbers are typed the Indonesian way and read by the shop's own number
fields (``storefront.forms``); every number is bounded, and what was typed stays on error."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from training.showroom.services import MAX_PRICE, MAX_QUANTITY
from training.storefront.forms import NumberTextField, PercentField

_PRICE = NumberRange(min=0, max=MAX_PRICE, message=_l("Isi angka dari 0 sampai 1 miliar."))
_COST = NumberRange(min=0, max=100_000_000, message=_l("Isi angka dari 0 sampai 100 juta."))
_QUANTITY = NumberRange(min=1, max=MAX_QUANTITY, message=_l("Isi angka dari 1 sampai 10.000."))
_PERCENT = NumberRange(min=0, max=100, message=_l("Isi angka dari 0 sampai 100."))
MAKER_SLOTS = 3


def _money(label, description=None):
    return NumberTextField(label, [InputRequired(_l("Isi angkanya, boleh 0.")), _COST], whole=True,
                           description=description)


class CatalogueProductForm(FlaskForm):
    """Showroom staff register (or change) a real product: price, costing and makers with shares."""

    facility = SelectField(_l("Dibuat di"), coerce=int)
    name = StringField(_l("Nama produk"), [DataRequired(_l("Isi nama produk.")), Length(max=80)])
    category = SelectField(_l("Jenis produk"))
    unit = StringField(_l("Satuan"), [DataRequired(_l("Isi satuan, misalnya buah.")), Length(max=20)], default="buah")
    description = TextAreaField(_l("Keterangan untuk pembeli"), [Optional(), Length(max=500)])
    price = NumberTextField(_l("Harga jual (Rp)"), [InputRequired(_l("Isi harga jual.")), _PRICE], whole=True)
    material_cost = _money(_l("Bahan untuk 1 produk (Rp)"))
    labour_hours = NumberTextField(_l("Jam kerja untuk 1 produk"), [InputRequired(_l("Isi angkanya, boleh 0.")),
                                   NumberRange(min=0, max=1000, message=_l("Isi angka dari 0 sampai 1.000."))])
    labour_rate = _money(_l("Upah per jam (Rp)"))
    packaging_cost = _money(_l("Kemasan untuk 1 produk (Rp)"))
    overhead_monthly = _money(_l("Biaya tetap per bulan (Rp)"), _l("Listrik, sewa alat, dan lain-lain."))
    units_per_month = NumberTextField(_l("Produk dibuat per bulan"), [InputRequired(_l("Isi angkanya.")),
                                      NumberRange(min=1, max=100_000, message=_l("Isi angka dari 1 sampai 100.000."))],
                                      whole=True)
    maker_1 = SelectField(_l("Pembuat 1"), coerce=int)
    share_1 = NumberTextField(_l("Bagian pembuat 1 (%)"), [Optional(), _PERCENT], whole=True)
    maker_2 = SelectField(_l("Pembuat 2"), coerce=int)
    share_2 = NumberTextField(_l("Bagian pembuat 2 (%)"), [Optional(), _PERCENT], whole=True)
    maker_3 = SelectField(_l("Pembuat 3"), coerce=int)
    share_3 = NumberTextField(_l("Bagian pembuat 3 (%)"), [Optional(), _PERCENT], whole=True)
    is_listed = BooleanField(_l("Tampil di etalase dan katalog"), default=True)
    submit = SubmitField(_l("Simpan produk"))

    def maker_pairs(self) -> list[tuple[int, int]]:
        """(learner id, share) of each filled maker slot."""
        pairs = []
        for slot in range(1, MAKER_SLOTS + 1):
            learner_id = getattr(self, f"maker_{slot}").data
            if learner_id:
                pairs.append((learner_id, getattr(self, f"share_{slot}").data or 0))
        return pairs


class StockForm(FlaskForm):
    """A delivery from the workshop or a return to it."""

    kind = SelectField(_l("Gerakan"), choices=[("delivery", _l("Kiriman dari bengkel (masuk)")),
                                               ("return", _l("Dikembalikan ke bengkel (keluar)"))])
    quantity = NumberTextField(_l("Jumlah"), [InputRequired(_l("Isi jumlahnya.")), _QUANTITY], whole=True)
    note = StringField(_l("Catatan"), [Optional(), Length(max=200)])
    submit = SubmitField(_l("Catat gerakan stok"))


class VoidForm(FlaskForm):
    """Void a mistaken sale, with the reason."""

    reason = StringField(_l("Alasan pembatalan"), [DataRequired(_l("Tulis alasannya.")), Length(min=5, max=300)])
    submit = SubmitField(_l("Batalkan penjualan"))


class PromoteForm(FlaskForm):
    """Take a learner's practice product into the catalogue at a price."""

    product_id = HiddenField()
    price = NumberTextField(_l("Harga jual (Rp)"), [InputRequired(_l("Isi harga jual.")), _PRICE], whole=True)
    submit = SubmitField(_l("Masukkan ke katalog"))


class RateForm(FlaskForm):
    """A facility admin sets the PNBP and premi rates for real sales from a date."""

    valid_from = DateField(_l("Berlaku mulai tanggal"), [InputRequired(_l("Isi tanggal mulai berlaku."))])
    pnbp_percent = PercentField(_l("PNBP (%)"), [InputRequired(_l("Isi persen PNBP.")), _PERCENT])
    premi_percent = PercentField(_l("Premi (%)"), [InputRequired(_l("Isi persen premi.")), _PERCENT])
    split_basis = SelectField(_l("Persen dihitung dari"), choices=[("profit", _l("laba")), ("revenue", _l("penjualan"))])
    submit = SubmitField(_l("Simpan tarif"))
