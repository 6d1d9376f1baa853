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
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation, ValidationError

from training.courses.numbers import NumberFormatError, parse_number
from training.storefront import limits
from training.fields import DayTimeField, MultiCheckboxField
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
            raise ValueError(_l("Angka \u201c%(text)s\u201d tidak bisa dibaca. Tulis misalnya 12.500.", text=text[:40])) from None
        if value < 0:
            self.data = None
            raise ValueError(_l("Angka tidak boleh kurang dari nol."))
        if self.whole and value != value.to_integral_value():
            self.data = None
            raise ValueError(_l("Tulis angka bulat, tanpa koma."))
        self.data = int(value) if self.whole else value

    def pre_validate(self, form):
        """Text that could not be read has its message already; no range check adds a second one
        about a number that was never read (a bound such as NumberRange sees None)."""
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_number(self.data)


class AtMost:
    """Refuse a number above ``limit`` with ``message``; an empty or unreadable box is left to the
    field's own message (NumberRange would add a second, misleading one)."""

    def __init__(self, limit, message):
        self.limit, self.message = limit, message

    def __call__(self, _form, field_) -> None:
        if field_.data is not None and field_.data > self.limit:
            raise ValidationError(self.message)


_TOO_MUCH_MONEY = AtMost(limits.MAX_RUPIAH, _l("Angka ini terlalu besar. Paling banyak Rp100 miliar."))
_QUANTITY_RANGE = AtMost(limits.MAX_QUANTITY, _l("Angka ini terlalu besar. Paling banyak 100.000."))


def rupiah_field(label, description=None, required=True):
    """A rupiah amount field (whole rupiah, at most :data:`limits.MAX_RUPIAH`)."""
    validators = [InputRequired(_l("Isi angkanya, boleh 0."))] if required else [Optional()]
    return NumberTextField(label, [*validators, _TOO_MUCH_MONEY], whole=True, description=description)


class MaterialRowForm(Form):
    """One material of a product: name, how much goes into one unit, its unit and price per unit."""

    item_name = StringField(_l("Bahan"), validators=[Optional(), Length(max=60)])
    quantity = NumberTextField(_l("Banyaknya untuk 1 produk"), validators=[Optional(), _QUANTITY_RANGE])
    unit = StringField(_l("Satuan"), validators=[Optional(), Length(max=20)])
    price_per_unit = NumberTextField(_l("Harga per satuan"), validators=[Optional(), _TOO_MUCH_MONEY], whole=True)

    def validate_quantity(self, field_) -> None:
        """At most four decimals (0,0025 kg): more is a typing slip, and no cost needs it."""
        if field_.data is not None and field_.data.normalize().as_tuple().exponent < -limits.QUANTITY_PLACES:
            raise ValidationError(_l("Paling banyak 4 angka di belakang koma."))

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
    unit = StringField(_l("Satuan jual"), validators=[Optional(), Length(max=20)],
                       description=_l("Dijual per apa: toples, bungkus, buah, set. Kosongkan untuk satuan biasa."))
    quality = SelectField(_l("Mutu"), coerce=float, choices=[
        (0.5, _l("Biasa")), (0.7, _l("Bagus")), (0.9, _l("Sangat bagus"))], default=0.7)
    materials = FieldList(FormField(MaterialRowForm), min_entries=1, max_entries=20)
    labour_hours = NumberTextField(_l("Jam kerja untuk 1 produk"), [
        InputRequired(_l("Isi angkanya, boleh 0.")),
        AtMost(limits.MAX_CENTIHOURS // 100, _l("Paling banyak 1.000 jam."))],
        description=_l("Misalnya 0,5 untuk setengah jam. Jam ini juga dihitung di pasar latihan. Contoh: keripik 0,1 jam "
                       "sebungkus, kue kering 0,5 jam setoples, batik tulis 8 jam, set kursi rotan 40 jam."))
    labour_rate = rupiah_field(_l("Upah per jam"), _l("Misalnya Rp10.000."))
    packaging_cost = rupiah_field(_l("Kemasan untuk 1 produk"), _l("Plastik, kardus, label."))
    overhead_monthly = rupiah_field(_l("Biaya tetap sebulan"), _l("Listrik, gas, sewa alat: jumlah sebulan."))
    units_per_month = NumberTextField(_l("Jumlah produk sebulan"), [InputRequired(_l("Isi jumlahnya.")),
                                      NumberRange(min=1, message=_l("Paling sedikit 1.")),
                                      AtMost(limits.MAX_UNITS, _l("Paling banyak 100.000."))],
                                      whole=True,
                                      description=_l("Biaya tetap dibagi jumlah ini."))
    form_token = HiddenField(validators=[Optional(), Length(max=40)])
    add_material = SubmitField(_l("Tambah bahan"))
    submit = SubmitField(_l("Simpan produk"))

    def error_fields(self) -> list[tuple]:
        """(field, its first message) for each field with an error, in page order (material rows
        included), for the summary on top of the form."""
        found = []
        for field_ in self:
            if field_.type == "FieldList":
                own = [e for e in field_.errors if not isinstance(e, dict)]
                if own:
                    found.append((field_, own[0]))
                for entry in field_:
                    found += [(sub, sub.errors[0]) for sub in entry.form if sub.errors]
            elif field_.errors:
                found.append((field_, field_.errors[0]))
        return found

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

    harga = NumberTextField(_l("Harga jual"), [Optional(), _TOO_MUCH_MONEY], whole=True)


class DecisionRowForm(Form):
    """This week's decisions for one product."""

    product_id = HiddenField()
    price = NumberTextField(_l("Harga jual"), [Optional(),
                                               NumberRange(min=100, message=_l("Harga paling sedikit Rp100.")),
                                               _TOO_MUCH_MONEY], whole=True,
                            description=_l("Kosongkan bila produk ini tidak dijual minggu ini."))
    units = NumberTextField(_l("Jumlah dibuat minggu ini"), [InputRequired(_l("Isi jumlahnya, boleh 0.")),
                                                             NumberRange(max=100000, message=_l("Terlalu banyak."))], whole=True)
    channels = MultiCheckboxField(_l("Tempat jual"))
    marketing = NumberTextField(_l("Biaya promosi minggu ini"), [InputRequired(_l("Isi angkanya, boleh 0.")),
                                                                 _TOO_MUCH_MONEY],
                                whole=True)

    def validate(self, extra_validators=None):
        """A product made this week needs a price, and a product offered needs a place to sell;
        0 made and no price means it is not offered (no stall is paid)."""
        ok = super().validate(extra_validators)
        if self.units.data and self.price.data is None and not self.price.errors:
            self.price.errors.append(_l("Isi harga jual."))
            ok = False
        if self.price.data is not None and not self.channels.data:
            self.channels.errors.append(_l("Pilih paling sedikit satu tempat jual."))
            ok = False
        return ok


class ReplayRowForm(Form):
    """One product and channel of a replayed week: the price, units made and promotion to try."""

    price = NumberTextField(_l("Harga jual"), [InputRequired(_l("Isi harga jual.")),
                                               NumberRange(min=100, message=_l("Harga paling sedikit Rp100.")),
                                               _TOO_MUCH_MONEY], whole=True)
    units = NumberTextField(_l("Jumlah dibuat"), [InputRequired(_l("Isi jumlahnya, boleh 0.")),
                                                  AtMost(limits.MAX_UNITS, _l("Paling banyak 100.000."))], whole=True)
    marketing = NumberTextField(_l("Biaya promosi"), [InputRequired(_l("Isi angkanya, boleh 0.")), _TOO_MUCH_MONEY],
                                whole=True)


class ReplayForm(Form):
    """“Ulangi minggu ini”: other decisions for a played week (a GET form: it changes nothing)."""

    rows = FieldList(FormField(ReplayRowForm), min_entries=0, max_entries=30)


class DecisionForm(FlaskForm):
    """The decisions for every product of a week or a round; in a practice season also the week's
    hired hours, borrowing and repaying (left empty: none)."""

    week_index = HiddenField()
    rows = FieldList(FormField(DecisionRowForm), min_entries=0)
    helper_hours = NumberTextField(_l("Jam kerja pembantu (dibayar)"),
                                   [Optional(), AtMost(168, _l("Seminggu hanya 168 jam."))],
                                   description=_l("Kalau jam kerja Anda sendiri tidak cukup."))
    borrow = rupiah_field(_l("Pinjam uang minggu ini"), _l("Pinjaman harus dibayar kembali, dengan bunga."),
                          required=False)
    repay = rupiah_field(_l("Bayar cicilan pinjaman"), required=False)

    def extras(self) -> dict:
        """The week's hired hours, borrowing and repaying, as the practice season takes them."""
        return {"helper_hours": float(self.helper_hours.data or 0), "borrow": int(self.borrow.data or 0),
                "repay": int(self.repay.data or 0)}
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
    ranking_names = SelectField(_l("Nama di peringkat"), choices=[
        ("initials", _l("Huruf depan saja (B. S.)")), ("first", _l("Nama depan saja")), ("full", _l("Nama lengkap"))],
        default="initials")
    ranking_show_losses = BooleanField(_l("Tunjukkan angka rugi di peringkat"))
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
    settlement_period = SelectField(_l("Laba dibagi (PNBP, premi, modal)"), default="week", choices=[
        ("week", _l("tiap minggu")), ("month", _l("tiap bulan")), ("season", _l("sekali di akhir musim"))],
        description=_l("Rugi ditutup dulu dari laba berikutnya, baru sisanya dibagi."))
    hours_per_week = NumberTextField(_l("Jam kerja warga binaan seminggu (latihan)"), [
        Optional(), NumberRange(min=1, max=80, message=_l("Isi angka dari 1 sampai 80."))], whole=True)
    helper_wage = rupiah_field(_l("Upah pembantu per jam"), required=False)
    starting_modal = rupiah_field(_l("Modal awal untuk musim latihan"), required=False)
    loan_rate_percent = PercentField(_l("Bunga pinjaman seminggu (%)"), [
        Optional(), NumberRange(min=0, max=10, message=_l("Isi angka dari 0 sampai 10."))])
    submit = SubmitField(_l("Simpan pengaturan"))

    def business_limits(self, current) -> dict:
        """The practice-business settings typed, each left empty keeping its ``current`` value."""
        return {"settlement_period": self.settlement_period.data,
                "hours_per_week": current.hours_per_week if self.hours_per_week.data is None else self.hours_per_week.data,
                "helper_wage": current.helper_wage if self.helper_wage.data is None else self.helper_wage.data,
                "starting_modal": current.starting_modal if self.starting_modal.data is None else self.starting_modal.data,
                "loan_rate_percent": current.loan_rate_percent if self.loan_rate_percent.data is None
                else float(self.loan_rate_percent.data)}


def decision_form(snapshots: list[dict], previous: list[dict], channel_choices: list[tuple[str, str]],
                  week_index: int, first=None) -> DecisionForm:
    """A decision form with one row per product snapshot, pre-filled from ``previous`` decisions;
    a product with none takes ``first(snapshot)`` (a small first batch at its cost plus margin).

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
        last = before.get(int(snap["product_id"])) or (first(snap) if first else {})
        rows.append({"product_id": str(snap["product_id"]), "price": last.get("price"),
                     "units": last.get("units"), "marketing": last.get("marketing", 0),
                     "channels": [c for c in last.get("channels", []) if c in allowed] or [channel_choices[0][0]]})
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
