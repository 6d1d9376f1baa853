"""The debrief's words, in plain Bahasa Indonesia and in English.

Short sentences and everyday words, because many learners read slowly. Rupiah are written
``Rp12.500`` in Indonesian and ``Rp12,500`` in English; decimals use a comma in Indonesian.
Each template is filled with ``str.format`` from values already written as text.
"""

from __future__ import annotations

import datetime as dt

from .money import format_rupiah

LANGS = ("id", "en")

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

EVENT_NAMES = {
    "ramadan": ("bulan puasa", "Ramadan"),
    "lebaran": ("menjelang Lebaran", "the Lebaran rush"),
    "year_end": ("libur akhir tahun", "the year-end holidays"),
    "harvest": ("musim panen", "the harvest season"),
    "school_start": ("awal tahun ajaran sekolah", "the start of the school year"),
}

TEMPLATES: dict[str, tuple[str, str]] = {
    "sales": (
        "Minggu ini Anda menjual {sold} {unit} {name} dengan harga {price}. Uang masuk {revenue}.",
        "This week you sold {sold} {unit} of {name} at {price}. Money in: {revenue}."),
    "shoppers": (
        "{shoppers} pembeli datang melihat barang seperti ini di {channel}. {demand} {unit} "
        "dicari untuk {name}.",
        "{shoppers} shoppers came to look at goods like these in the {channel}. They wanted "
        "{demand} {unit} of {name}."),
    "shelf_life.days": (
        "{name} tahan {days} hari. Yang tidak laku dalam {days} hari rusak.",
        "{name} keeps {days} days. What does not sell within {days} days goes bad."),
    "shelf_life.durable": (
        "{name} tahan lama. Sisa bisa dijual minggu depan.",
        "{name} keeps. What is left can be sold next week."),
    "own_products": (
        "Produk Anda sendiri saling berebut pembeli di sini: {names} dijual di tempat yang sama.",
        "Your own products compete for the same shoppers here: {names} sell in the same place."),
    "sales_change.up": (
        "Penjualan naik dari {before} menjadi {now} {unit}.",
        "Sales rose from {before} to {now} {unit}."),
    "sales_change.down": (
        "Penjualan turun dari {before} menjadi {now} {unit}.",
        "Sales fell from {before} to {now} {unit}."),
    "sales_change.same": (
        "Penjualan sama seperti minggu lalu: {now} {unit}.",
        "Sales were the same as last week: {now} {unit}."),
    "driver.season.more": (
        "Pembeli lebih ramai minggu ini ({events}). Itu menambah sekitar {units} {unit}.",
        "More shoppers came this week ({events}). That added about {units} {unit}."),
    "driver.season.fewer": (
        "Pembeli lebih sepi minggu ini ({events}). Itu mengurangi sekitar {units} {unit}.",
        "Fewer shoppers came this week ({events}). That cost about {units} {unit}."),
    "driver.rivals.more": (
        "Penjual lain membuat Anda lebih laku: rata-rata harga mereka {before} menjadi {now}, "
        "jumlah mereka {count_before} menjadi {count_now}. Itu menambah sekitar {units} {unit}.",
        "Other sellers helped you: their average price went from {before} to {now}, their "
        "number from {count_before} to {count_now}. That added about {units} {unit}."),
    "driver.rivals.fewer": (
        "Penjual lain merebut pembeli: rata-rata harga mereka {before} menjadi {now}, "
        "jumlah mereka {count_before} menjadi {count_now}. Itu mengurangi sekitar {units} {unit}.",
        "Other sellers took buyers: their average price went from {before} to {now}, their "
        "number from {count_before} to {count_now}. That cost about {units} {unit}."),
    "driver.own_price.more": (
        "Anda menurunkan harga dari {before} menjadi {now}. Itu menambah sekitar {units} {unit}.",
        "You lowered your price from {before} to {now}. That added about {units} {unit}."),
    "driver.own_price.fewer": (
        "Anda menaikkan harga dari {before} menjadi {now}. Itu mengurangi sekitar {units} {unit}.",
        "You raised your price from {before} to {now}. That cost about {units} {unit}."),
    "driver.quality.more": (
        "Mutu barang Anda naik. Itu menambah sekitar {units} {unit}.",
        "Your product's quality went up. That added about {units} {unit}."),
    "driver.quality.fewer": (
        "Mutu barang Anda turun. Itu mengurangi sekitar {units} {unit}.",
        "Your product's quality went down. That cost about {units} {unit}."),
    "driver.marketing.more": (
        "Biaya promosi {before} menjadi {now}. Itu menambah sekitar {units} {unit}.",
        "Marketing went from {before} to {now}. That added about {units} {unit}."),
    "driver.marketing.fewer": (
        "Biaya promosi {before} menjadi {now}. Itu mengurangi sekitar {units} {unit}.",
        "Marketing went from {before} to {now}. That cost about {units} {unit}."),
    "driver.rating.more": (
        "Nilai ulasan naik dari {before} menjadi {now} bintang. Itu menambah sekitar {units} {unit}.",
        "Your rating rose from {before} to {now} stars. That added about {units} {unit}."),
    "driver.rating.fewer": (
        "Nilai ulasan turun dari {before} menjadi {now} bintang. Itu mengurangi sekitar {units} {unit}.",
        "Your rating fell from {before} to {now} stars. That cost about {units} {unit}."),
    "driver.luck.more": (
        "Ada juga untung: pembeli yang datang {units} {unit} lebih banyak dari perkiraan.",
        "Some luck too: buyers wanted {units} {unit} more than expected."),
    "driver.luck.fewer": (
        "Ada juga sial: pembeli yang datang {units} {unit} lebih sedikit dari perkiraan.",
        "Some bad luck too: buyers wanted {units} {unit} fewer than expected."),
    "lost_sales": (
        "Stok habis. {lost} {unit} dicari pembeli tetapi tidak ada. Laba yang hilang sekitar "
        "{lost_profit}.",
        "You ran out. Buyers wanted {lost} {unit} more than you had. About {lost_profit} of "
        "profit was lost."),
    "spoiled": (
        "{spoiled} {unit} rusak karena terlalu lama disimpan. Biaya membuatnya {spoiled_cost}.",
        "{spoiled} {unit} went bad from being kept too long. They cost {spoiled_cost} to make."),
    "stock_left": (
        "Sisa {left} {unit} disimpan untuk minggu depan.",
        "{left} {unit} are kept for next week."),
    "competitors": (
        "Ada {count} penjual lain. Harga termurah {cheapest}, rata-rata {average}. Harga Anda {price}.",
        "There were {count} other sellers. Cheapest price {cheapest}, average {average}. Your price {price}."),
    "competitors.none": (
        "Tidak ada penjual lain untuk barang ini di sini.",
        "No one else sold this kind of product here."),
    "competitors.moves": (
        "Dibanding minggu lalu: {cut} penjual menurunkan harga, {raised} menaikkan, {new} baru datang, {left} pergi.",
        "Since last week: {cut} sellers cut their price, {raised} raised it, {new} came, {left} left."),
    "money.profit": (
        "Uang masuk {revenue}. Biaya membuat {production_cost}, lapak {stall_fee}, komisi {commission}, "
        "promosi {marketing_cost}. Laba {profit}.",
        "Money in {revenue}. Making {production_cost}, stall {stall_fee}, commission {commission}, "
        "marketing {marketing_cost}. Profit {profit}."),
    "money.loss": (
        "Uang masuk {revenue}. Biaya membuat {production_cost}, lapak {stall_fee}, komisi {commission}, "
        "promosi {marketing_cost}. Rugi {loss}. Kerugian ini mengurangi modal usaha.",
        "Money in {revenue}. Making {production_cost}, stall {stall_fee}, commission {commission}, "
        "marketing {marketing_cost}. Loss {loss}. The loss comes out of working capital."),
    "rating": (
        "Nilai ulasan Anda sekarang {now} bintang (sebelumnya {before}).",
        "Your rating is now {now} stars (it was {before})."),
    "what_if": (
        "Coba hitung: harga penjual lain tetap, dan Anda membuat barang sebanyak yang dicari "
        "pembeli. Harga terbaik sekitar {best_price}, dengan laba sekitar {best_profit}. "
        "Dengan harga Anda {price}, laba sekitar {actual_profit}.",
        "A what-if: other sellers keep their prices and you make as many as buyers want. "
        "The best price is about {best_price}, for a profit of about {best_profit}. "
        "At your price of {price}, the profit would be about {actual_profit}."),
    "season_total": (
        "Selama {weeks} minggu Anda menjual {sold} barang. Uang masuk {revenue}. Laba {profit}.",
        "Over {weeks} weeks you sold {sold} items. Money in {revenue}. Profit {profit}."),
    "season_split": (
        "Laba {profit} dibagi: PNBP {pnbp}, premi Anda {premi}, modal usaha {working_capital}.",
        "Profit {profit} is shared: PNBP {pnbp}, your premi {premi}, working capital "
        "{working_capital}."),
    "season_lead.profit": (
        "Selama {weeks} minggu usaha Anda untung {profit}.",
        "Over {weeks} weeks your business made a profit of {profit}."),
    "season_lead.loss": (
        "Selama {weeks} minggu usaha Anda rugi {loss}.",
        "Over {weeks} weeks your business lost {loss}."),
    "season_lead.premi.profit": (
        "Premi Anda {premi}: {percent} dari laba bersih {base}.",
        "Your premi is {premi}: {percent} of the net profit of {base}."),
    "season_lead.premi.revenue": (
        "Premi Anda {premi}: {percent} dari uang masuk {base}.",
        "Your premi is {premi}: {percent} of the money taken, {base}."),
    "season_lead.no_premi": (
        "Belum ada premi, karena usaha belum untung. Rugi harus ditutup dulu.",
        "No premi yet, because the business has not made a profit. Losses are made good first."),
    "season_lead.ran_out": (
        "Pelajaran: stok Anda sering habis. Laba {lost_profit} hilang. Buat sedikit lebih banyak.",
        "Lesson: you often ran out. {lost_profit} of profit was lost. Make a few more."),
    "season_lead.spoiled": (
        "Pelajaran: barang senilai {spoiled_cost} rusak. Buat lebih sedikit.",
        "Lesson: goods that cost {spoiled_cost} went bad. Make fewer."),
    "season_lead.best_product": (
        "Pelajaran: {name} paling untung ({profit}), dan stok Anda pas dengan pembeli.",
        "Lesson: {name} earned most ({profit}), and your stock matched the buyers."),
    "season_best_week": (
        "Minggu terbaik mulai {date}{events}: laba {profit}.",
        "Best week starting {date}{events}: profit {profit}."),
    "season_worst_week": (
        "Minggu terburuk mulai {date}{events}: laba {profit}.",
        "Worst week starting {date}{events}: profit {profit}."),
    "season_events": (
        "Pada minggu ramai (hari raya, libur) Anda menjual rata-rata {busy} barang seminggu. "
        "Pada minggu biasa {plain}.",
        "In busy weeks (holidays, festivals) you sold {busy} items a week on average. "
        "In ordinary weeks {plain}."),
    "season_lost": (
        "Sepanjang musim, {lost} barang dicari pembeli tetapi stok habis. Laba yang hilang "
        "sekitar {lost_profit}.",
        "Over the season buyers wanted {lost} items you did not have. About {lost_profit} of "
        "profit was lost."),
    "season_spoiled": (
        "Sepanjang musim, {spoiled} barang rusak. Biaya membuatnya {spoiled_cost}.",
        "Over the season {spoiled} items went bad. They cost {spoiled_cost} to make."),
    "season_offer": (
        "{name} di {channel}: terjual {sold} {unit}, laba {profit}, harga rata-rata {price} "
        "(penjual lain {rival_price}).",
        "{name} in the {channel}: sold {sold} {unit}, profit {profit}, average price {price} "
        "(other sellers {rival_price})."),
    "limit.hours": (
        "Waktu Anda {available} jam seminggu. {name}: {units} {unit} x {per_unit} jam, semua "
        "rencana butuh {needed} jam. Kurangi jadi {fit} {unit}, atau bayar pembantu {extra} jam "
        "({wages}).",
        "You have {available} hours a week. {name}: {units} {unit} x {per_unit} hours, the whole "
        "plan needs {needed} hours. Cut to {fit} {unit}, or pay a helper for {extra} hours "
        "({wages})."),
    "limit.cash.materials": (
        "Uang Anda {cash}, bahan untuk {units} {unit} {materials}. Kurangi jadi {fit} {unit} "
        "atau pinjam.",
        "You have {cash}; materials for {units} {unit} cost {materials}. Cut to {fit} {unit} "
        "or borrow."),
    "limit.cash.mixed": (
        "Uang Anda {cash}, belanja minggu ini {needed} (bahan {name} {materials} dan biaya lain). "
        "Kurangi {name} jadi {fit} {unit} atau pinjam.",
        "You have {cash}; this week's spending is {needed} ({name} materials {materials} and "
        "other costs). Cut {name} to {fit} {unit} or borrow."),
    "limit.cash.other": (
        "Uang Anda {cash}, belanja minggu ini {needed}. Kurang {short}. Kurangi biaya atau pinjam.",
        "You have {cash}; this week's spending is {needed}, {short} short. Spend less or borrow."),
    "limit.loan": (
        "Pinjaman paling banyak {limit}. Pinjaman Anda sekarang {balance}.",
        "You can borrow at most {limit} in all. You owe {balance} now."),
    "limit.repay": (
        "Anda mau membayar {repay}, tetapi utang Anda hanya {balance}.",
        "You want to pay back {repay}, but you owe only {balance}."),
    "advice.price.rivals": (
        "Harga {price} memberi laba terbesar untuk {name}, melihat harga penjual lain sekarang "
        "({low} sampai {high}); di bawah {floor} Anda rugi.",
        "{price} gives {name} the most profit against the other sellers' prices now ({low} to "
        "{high}); below {floor} you lose money."),
    "advice.price.alone": (
        "Tidak ada penjual lain di sini; harga {price} memberi laba terbesar untuk {name} dari "
        "sekitar {shoppers} pembeli. Di bawah {floor} Anda rugi.",
        "No one else sells here; {price} gives {name} the most profit from about {shoppers} "
        "shoppers. Below {floor} you lose money."),
    "advice.price.scarce": (
        "Anda hanya bisa menyediakan {units} {unit} {name}, jadi harga {price} lebih baik: "
        "barang tetap laku, dan laba tiap barang lebih besar.",
        "You can only have {units} {unit} of {name} ready, so {price} is better: they still "
        "sell, and each earns more."),
    "advice.price.ceiling": (
        "Harga {price} untuk {name}: pembeli mungkin mau membayar lebih, tetapi harga jauh di "
        "atas pasar tidak bijak. Di bawah {floor} Anda rugi.",
        "{price} for {name}: buyers might pay more, but a price far above the market is not "
        "wise. Below {floor} you lose money."),
    "advice.quantity.spoils": (
        "Buat sekitar {units} {unit}: pembeli mencari sekitar {demand}, dan sisa akan rusak "
        "minggu ini, jadi jangan buat terlalu banyak.",
        "Make about {units} {unit}: buyers want about {demand}, and leftovers spoil this week, "
        "so do not make too many."),
    "advice.quantity.keeps": (
        "Buat sekitar {units} {unit}: pembeli mencari sekitar {demand}, stok Anda {on_hand}. "
        "Sisa masih bisa dijual minggu depan, tetapi lama-lama rusak.",
        "Make about {units} {unit}: buyers want about {demand}, you have {on_hand}. Leftovers "
        "can be sold next week, but they do not keep for long."),
    "advice.quantity.durable": (
        "Buat sekitar {units} {unit}: pembeli mencari sekitar {demand}, stok Anda {on_hand}. "
        "Barang ini tahan lama, jadi sedikit lebih banyak tidak rugi, tetapi uang Anda tertahan.",
        "Make about {units} {unit}: buyers want about {demand}, you have {on_hand}. These goods "
        "keep, so a few extra lose nothing, but they tie up your money."),
    "stock.spoils": (
        "{units} {unit} dibuat {age} hari lalu. Jika tidak laku minggu ini, rusak.",
        "{units} {unit} made {age} days ago. If they do not sell this week, they go bad."),
    "stock.keeps": (
        "{units} {unit} dibuat {age} hari lalu. Masih tahan {days} hari.",
        "{units} {unit} made {age} days ago. They keep {days} more days."),
    "stock.durable": (
        "{units} {unit} di gudang (tahan lama).",
        "{units} {unit} in store (they keep)."),
    "advice.quantity.capped": (
        "(Sebaiknya {wanted} {unit}, tetapi waktu atau uang Anda tidak cukup.)",
        "({wanted} {unit} would be better, but your time or cash is not enough.)"),
    "advice.quantity.no_margin": (
        "Jangan buat {unit} baru dengan harga ini: harga tidak menutup biaya.",
        "Do not make new {unit} at this price: it does not cover the cost."),
}


def percent_text(rate, lang: str) -> str:
    """A rate as a percentage: ``50%``, ``12,5%`` (id) or ``12.5%`` (en)."""
    percent = float(rate) * 100
    text = f"{percent:.1f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if lang == "id" else text) + "%"


def hours_text(hours: float, lang: str) -> str:
    """Hours with at most one decimal: ``2,5`` (id) or ``2.5`` (en); whole hours plain."""
    rounded = round(hours, 1)
    if float(rounded).is_integer():
        return str(int(rounded))
    text = f"{rounded:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def say(code: str, lang: str, **values: str) -> str:
    """The sentence for ``code`` in ``lang`` (``'id'`` or ``'en'``) filled with ``values``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return TEMPLATES[code][LANGS.index(lang)].format(**values)


def rupiah(amount: int, lang: str) -> str:
    """``Rp12.500`` (id) or ``Rp12,500`` (en)."""
    return format_rupiah(amount, lang)


def count(units: float, lang: str) -> str:
    """A number of units: whole numbers plain, expectations with one decimal (``2,5`` in id)."""
    if float(units).is_integer():
        text = f"{int(units):,}"
        return text.replace(",", ".") if lang == "id" else text
    text = f"{units:,.1f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def stars(rating: float, lang: str) -> str:
    """A rating with one decimal: ``3,4`` (id) or ``3.4`` (en)."""
    text = f"{rating:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def date_text(iso_date: str, lang: str) -> str:
    """``10 Maret 2027`` (id) or ``10 March 2027`` (en)."""
    day = dt.date.fromisoformat(iso_date)
    month = (MONTHS_ID if lang == "id" else MONTHS_EN)[day.month - 1]
    return f"{day.day} {month} {day.year}"


def event_list(events, lang: str) -> str:
    """Event names joined for a sentence; ``biasa`` / ``an ordinary week`` when there are none."""
    names = [EVENT_NAMES[e][LANGS.index(lang)] for e in events if e in EVENT_NAMES]
    if not names:
        return "minggu biasa" if lang == "id" else "an ordinary week"
    return ", ".join(names)
