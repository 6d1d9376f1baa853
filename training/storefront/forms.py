"""Forms of the shop. Numbers are typed the Indonesian way (``Rp 12.500``, ``0,25``, ``1,5 juta``)
and read with ``training.courses.numbers.parse_number``; what the learner typed is kept on error."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Form,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from training.courses.numbers import NumberFormatError, parse_number
from training.fields import DayTimeField
from training.storefront.display import SELLER_STRATEGY_NAMES


def format_number(value) -> str:
    """Write a number for a form field: ``12.500``, ``0,25``."""
    if value is None:
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    whole, _sep, frac = f"{value.normalize():f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


class NumberTextField(StringField):
    """A text box holding a number written the Indonesian way; ``data`` is a Decimal or None.

    ``whole`` asks for a whole number (rupiah, units). Unreadable text gives a plain message and
    stays in the box so the learner can fix it.
    """

    def __init__(self, label=None, validators=None, whole: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.whole = whole

    def process_formdata(self, valuelist):
        """Parse the typed text; raise ValueError (shown as the field's error) when unreadable."""
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = None
            return
        try:
            value = parse_number(text)
        except NumberFormatError:
            self.data = None
            raise ValueError(_l("Angka \u201c%(text)s\u201d tidak bisa dibaca. Tulis misalnya 12.500.", text=text[:40]))
        if value < 0:
            self.data = None
            raise ValueError(_l("Angka tidak boleh kurang dari nol."))
        if self.whole and value != value.to_integral_value():
            self.data = None
            raise ValueError(_l("Tulis angka bulat, tanpa koma."))
        self.data = int(value) if self.whole else value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_number(self.data)


def rupiah_field(label, description=None, required=True):
    """A rupiah amount field (whole rupiah)."""
    validators = [InputRequired(_l("Isi angkanya, boleh 0."))] if required else [Optional()]
    return NumberTextField(label, validators, whole=True, description=description)


class MaterialRowForm(Form):
    """One material of a product: name, how much goes into one unit, its unit and price per unit."""

    item_name = StringField(_l("Bahan"), validators=[Optional(), Length(max=60)])
    quantity = NumberTextField(_l("Banyaknya untuk 1 produk"), validators=[Optional()])
    unit = StringField(_l("Satuan"), validators=[Optional(), Length(max=20)])
    price_per_unit = NumberTextField(_l("Harga per satuan"), validators=[Optional()], whole=True)

    def is_blank(self) -> bool:
        """True for a row left empty (it is skipped)."""
        return not (self.item_name.data or "").strip() and self.quantity.data is None and self.price_per_unit.data is None

    def validate(self, extra_validators=None):
        """A row is either empty or has a name, a quantity and a price."""
        ok = super().validate(extra_validators)
        if not ok or self.is_blank():
            return ok
        for field_ in (self.item_name, self.quantity, self.price_per_unit):
            if field_.data in (None, ""):
                field_.errors.append(_l("Lengkapi baris bahan ini, atau kosongkan semuanya."))
                ok = False
        return ok


class ProductForm(FlaskForm):
    """A product and the cost of one unit, step by step."""

    name = StringField(_l("Nama produk"), validators=[DataRequired(_l("Isi nama produk.")), Length(max=80)])
    category = SelectField(_l("Jenis produk"), validators=[DataRequired()])
    description = TextAreaField(_l("Keterangan singkat"), validators=[Optional(), Length(max=1000)],
                                description=_l("Bahan, ukuran, warna: apa yang membuat produk ini menarik."))
    quality = SelectField(_l("Mutu"), coerce=float, choices=[
        (0.5, _l("Biasa")), (0.7, _l("Bagus")), (0.9, _l("Sangat bagus"))], default=0.7)
    materials = FieldList(FormField(MaterialRowForm), min_entries=1, max_entries=20)
    labour_hours = NumberTextField(_l("Jam kerja untuk 1 produk"), [InputRequired(_l("Isi angkanya, boleh 0."))],
                                   description=_l("Misalnya 0,5 untuk setengah jam."))
    labour_rate = rupiah_field(_l("Upah per jam"), _l("Misalnya Rp10.000."))
    packaging_cost = rupiah_field(_l("Kemasan untuk 1 produk"), _l("Plastik, kardus, label."))
    overhead_monthly = rupiah_field(_l("Biaya tetap sebulan"), _l("Listrik, gas, sewa alat: jumlah sebulan."))
    units_per_month = NumberTextField(_l("Jumlah produk sebulan"), [InputRequired(_l("Isi jumlahnya.")),
                                      NumberRange(min=1, message=_l("Paling sedikit 1."))], whole=True,
                                      description=_l("Biaya tetap dibagi jumlah ini."))
    add_material = SubmitField(_l("Tambah bahan"))
    submit = SubmitField(_l("Simpan produk"))

    def material_rows(self) -> list[dict]:
        """The filled material rows as plain dicts (after validation)."""
        return [{"name": row.item_name.data, "quantity": row.quantity.data, "unit": row.unit.data or "",
                 "price_per_unit": row.price_per_unit.data}
                for row in (entry.form for entry in self.materials) if not row.is_blank()]


class PhotoForm(FlaskForm):
    """Upload or replace a product's photo."""

    photo = FileField(_l("Foto produk"), description=_l("Foto JPG atau PNG, paling besar 3 MB."))
    submit = SubmitField(_l("Unggah foto"))


class PriceCheckForm(Form):
    """"What do I take home at this price?" (a GET form, so no CSRF)."""

    harga = NumberTextField(_l("Harga jual"), [Optional()], whole=True)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DecisionRowForm(Form):
    """This week's decisions for one product."""

    product_id = HiddenField()
    price = NumberTextField(_l("Harga jual"), [InputRequired(_l("Isi harga jual.")),
                                               NumberRange(min=100, message=_l("Harga paling sedikit Rp100."))], whole=True)
    units = NumberTextField(_l("Jumlah dibuat minggu ini"), [InputRequired(_l("Isi jumlahnya, boleh 0.")),
                                                             NumberRange(max=100000, message=_l("Terlalu banyak."))], whole=True)
    channels = MultiCheckboxField(_l("Tempat jual"), validators=[DataRequired(_l("Pilih paling sedikit satu tempat jual."))])
    marketing = NumberTextField(_l("Biaya promosi minggu ini"), [InputRequired(_l("Isi angkanya, boleh 0.")),
                                                                 NumberRange(max=10**12, message=_l("Terlalu banyak."))],
                                whole=True)


class DecisionForm(FlaskForm):
    """The decisions for every product of a week or a round."""

    week_index = HiddenField()
    rows = FieldList(FormField(DecisionRowForm), min_entries=0)
    submit = SubmitField(_l("Jalankan minggu ini"))


class NewSeasonForm(FlaskForm):
    """Start a practice season."""

    weeks = SelectField(_l("Lama musim"), coerce=int, choices=[(w, _l("%(n)d minggu", n=w)) for w in range(8, 13)],
                        default=8)
    products = MultiCheckboxField(_l("Produk yang dijual"), coerce=int,
                                  validators=[DataRequired(_l("Pilih paling sedikit satu produk."))])
    submit = SubmitField(_l("Mulai musim"))


class PercentField(NumberTextField):
    """A percentage from 0 to 100 (``15`` or ``12,5``)."""


_PERCENT_RANGE = NumberRange(min=0, max=100, message=_l("Isi angka dari 0 sampai 100."))
_MARGIN_RANGE = NumberRange(min=0, max=500, message=_l("Isi angka dari 0 sampai 500."))


def percent_of(rate) -> Decimal:
    """A stored rate (0.07) as the percentage a form shows (7), without float noise (7.000000000000001)."""
    return Decimal(str(rate)) * 100


class ClassMarketForm(FlaskForm):
    """An instructor opens a class market."""

    training_class = SelectField(lazy_pgettext("satu", "Kelas"), coerce=int)
    name = StringField(_l("Nama pasar"), validators=[DataRequired(_l("Isi nama pasar.")), Length(max=100)])
    weeks = SelectField(_l("Jumlah putaran (minggu)"), coerce=int, choices=[(w, str(w)) for w in range(4, 13)], default=8)
    channels = MultiCheckboxField(_l("Tempat jual"), validators=[DataRequired(_l("Pilih paling sedikit satu tempat jual."))])
    pnbp_percent = PercentField(_l("PNBP (%)"), [InputRequired(_l("Isi persen PNBP.")), _PERCENT_RANGE])
    premi_percent = PercentField(_l("Premi (%)"), [InputRequired(_l("Isi persen premi.")), _PERCENT_RANGE])
    split_basis = SelectField(_l("Persen dihitung dari"), choices=[("profit", _l("laba")), ("revenue", _l("penjualan"))])
    seller_count = SelectField(_l("Penjual lain (komputer) per jenis dan tempat"), coerce=int,
                               choices=[(n, str(n)) for n in range(0, 5)], default=2)
    seller_strategy = SelectField(_l("Cara penjual lain menentukan harga"), choices=list(SELLER_STRATEGY_NAMES.items()))
    seed = NumberTextField(_l("Nomor acak (seed)"), [InputRequired(_l("Isi angkanya, boleh 0.")),
                                                     NumberRange(min=0, max=2**31 - 1, message=_l("Angka ini terlalu besar."))],
                           whole=True, description=_l("Nomor yang sama memberi pasar yang sama."))
    ranking_visible = BooleanField(_l("Peringkat terlihat oleh warga binaan"), default=True)
    submit = SubmitField(_l("Buka pasar kelas"))


class MarketOptionsForm(FlaskForm):
    """Show or hide the ranking, and set the round's deadline (in the user's time zone)."""

    ranking_visible = BooleanField(_l("Peringkat terlihat oleh warga binaan"))
    deadline = DayTimeField(_l("Batas waktu putaran ini"), validators=[Optional()],
                            description=_l("Tulis seperti 31-12-2027 10:00. Kosongkan bila tanpa batas waktu."))
    submit = SubmitField(_l("Simpan"))

    def deadline_local(self) -> datetime | None:
        """The deadline typed, as a naive datetime in the user's time zone (None when left empty)."""
        return self.deadline.data


class FacilitySettingsForm(FlaskForm):
    """A facility admin sets the PNBP and premi rates and the cost-plus margins."""

    pnbp_percent = PercentField(_l("PNBP (%)"), [InputRequired(_l("Isi persen PNBP.")), _PERCENT_RANGE])
    premi_percent = PercentField(_l("Premi (%)"), [InputRequired(_l("Isi persen premi.")), _PERCENT_RANGE])
    split_basis = SelectField(_l("Persen dihitung dari"), choices=[("profit", _l("laba")), ("revenue", _l("penjualan"))])
    margin_low_percent = NumberTextField(_l("Untung paling kecil yang disarankan (%)"),
                                         [InputRequired(_l("Isi angkanya, boleh 0.")), _MARGIN_RANGE], whole=True)
    margin_high_percent = NumberTextField(_l("Untung paling besar yang disarankan (%)"),
                                          [InputRequired(_l("Isi angkanya, boleh 0.")), _MARGIN_RANGE], whole=True)
    submit = SubmitField(_l("Simpan pengaturan"))


def decision_form(snapshots: list[dict], previous: list[dict], channel_choices: list[tuple[str, str]],
                  week_index: int) -> DecisionForm:
    """A decision form with one row per product snapshot, pre-filled from ``previous`` decisions.

    On a POST (``week_index`` None) the form reads only the request: a missing field stays
    missing instead of silently taking last week's value.
    """
    if week_index is None:
        form = DecisionForm()
        for entry in form.rows:
            entry.form.channels.choices = channel_choices
        return form
    before = {int(d["product_id"]): d for d in previous}
    allowed = {code for code, _label in channel_choices}
    rows = []
    for snap in snapshots:
        last = before.get(int(snap["product_id"]), {})
        rows.append({"product_id": str(snap["product_id"]), "price": last.get("price"),
                     "units": last.get("units", 10), "marketing": last.get("marketing", 0),
                     "channels": [c for c in last.get("channels", [channel_choices[0][0]]) if c in allowed]})
    form = DecisionForm(data={"rows": rows, "week_index": str(week_index)})
    for entry in form.rows:
        entry.form.channels.choices = channel_choices
    return form


def decisions_from_form(form: DecisionForm, snapshots: list[dict]) -> list[dict] | None:
    """The decisions as stored (snapshot plus choices), or None unless the rows name each product
    exactly once (a tampered form could repeat one product and leave another out)."""
    by_id = {str(s["product_id"]): s for s in snapshots}
    decisions = []
    for entry in form.rows:
        row = entry.form
        snap = by_id.pop(row.product_id.data, None)
        if snap is None:
            return None
        decisions.append({**snap, "price": row.price.data, "units": row.units.data,
                          "channels": list(row.channels.data), "marketing": row.marketing.data})
    if len(decisions) != len(snapshots):
        return None
    return decisions
