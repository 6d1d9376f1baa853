"""Rendering lesson Markdown: safe HTML, local images, glossary terms explained in place."""

import re
from html.parser import HTMLParser

import pytest

from training.courses.content import GlossaryTerm
from training.courses.render import render_markdown, render_text

GLOSSARY = [
    GlossaryTerm(term="HPP", aliases=("harga pokok produksi",),
                 definition="Biaya untuk membuat satu barang."),
    {"term": "laba", "definition": 'Sisa uang setelah "semua" biaya & ongkos.'},
    {"term": "harga", "definition": "Uang yang dibayar pembeli."},
]


def media(path: str) -> str:
    return "/media/kursus/" + path


class _Collect(HTMLParser):
    """Every tag and attribute in the output, to check nothing unsafe is left."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def parse(html: str) -> _Collect:
    collector = _Collect()
    collector.feed(html)
    return collector


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="gambar/roti.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x61;script:alert(1)">klik</a>',
    '<a href="jav&#97;script:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="/keluar"><input name="a"><button>kirim</button></form>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">teks</p>',
    '<div onmouseover="alert(1)">arahkan</div>',
    '<a href="https://contoh.id" onclick="alert(1)">tautan</a>',
    "<style>body{display:none}</style>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    '<base href="javascript:alert(1)//">',
    "<!--<script>alert(1)</script>-->",
    '<details open ontoggle="alert(1)">x</details>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_xss_payloads_do_not_survive(payload):
    for glossary in (None, GLOSSARY):
        html = render_markdown(f"Paragraf.\n\n{payload}\n\nHPP dan laba.", image_url=media,
                               glossary=glossary)
        found = parse(html)
        assert not {"script", "iframe", "object", "embed", "form", "input", "button", "svg",
                    "math", "style", "meta", "base"} & set(found.tags), html
        for _tag, name, value in found.attrs:
            assert not name.startswith("on"), html
            assert name not in {"style", "background", "xlink:href", "action"}, html
            assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), html
        assert "alert(1)</script>" not in html


def test_markdown_tables_fenced_code_and_lists_are_rendered():
    html = render_markdown(
        "| Barang | Harga |\n|:--|--:|\n| Roti | Rp12.500 |\n\n"
        "```\nHPP = biaya / jumlah\n```\n\n1. Satu\n2. Dua\n\n- a\n- b\n",
        image_url=media)
    assert '<th align="left">Barang</th>' in html
    assert '<td align="right">Rp12.500</td>' in html
    assert "<pre><code>HPP = biaya / jumlah\n</code></pre>" in html
    assert "<ol>" in html and "<ul>" in html


@pytest.mark.parametrize(("markdown", "expected"), [
    ("![Roti](gambar/roti.png)", '<img alt="Roti" src="/media/kursus/gambar/roti.png">'),
    ("![Roti](./gambar/roti.png)", '<img alt="Roti" src="/media/kursus/gambar/roti.png">'),
    ("![Roti](https://contoh.id/roti.png)", '<img alt="Roti">'),
    ("![Roti](http://contoh.id/roti.png)", '<img alt="Roti">'),
    ("![Roti](//contoh.id/roti.png)", '<img alt="Roti">'),
    ("![Roti](/etc/roti.png)", '<img alt="Roti">'),
    ("![Roti](../../rahasia.png)", '<img alt="Roti">'),
])
def test_relative_images_go_through_the_callback_and_absolute_ones_are_dropped(markdown, expected):
    assert render_markdown(markdown, image_url=media) == f"<p>{expected}</p>"


def test_without_an_image_callback_images_have_no_source():
    assert render_markdown("![Roti](gambar/roti.png)") == '<p><img alt="Roti"></p>'


def test_first_occurrence_of_each_term_is_marked_with_its_definition():
    html = render_markdown("HPP roti dan HPP kue. Laba naik, laba turun.", glossary=GLOSSARY)
    assert html.count("<dfn") == 2
    assert ('<dfn class="term" title="Biaya untuk membuat satu barang." id="istilah-hpp">'
            '<a href="#arti-hpp" rel="noopener noreferrer">HPP</a></dfn> roti dan HPP kue.') in html
    assert 'title="Sisa uang setelah &quot;semua&quot; biaya &amp; ongkos."' in html
    assert ">Laba</a></dfn> naik, laba turun." in html


def test_the_definitions_are_listed_after_the_text_for_readers_without_javascript():
    html = render_markdown("HPP dan laba.", glossary=GLOSSARY)
    notes = html[html.index('<section class="glossary-notes"'):]
    assert '<dt id="arti-hpp">HPP</dt><dd>Biaya untuk membuat satu barang.' in notes
    assert '<dt id="arti-laba">laba</dt>' in notes
    assert 'href="#istilah-hpp"' in notes
    assert "harga" not in notes  # terms that do not appear are not listed


def test_an_alias_marks_the_term_once():
    html = render_markdown("Harga pokok produksi dihitung dulu. Lalu HPP dipakai.",
                           glossary=GLOSSARY)
    assert html.count("<dfn") == 1
    assert ">Harga pokok produksi</a></dfn>" in html
    assert 'href="#arti-hpp"' in html and 'id="arti-hpp"' in html


def test_the_longest_name_wins_at_the_same_place():
    html = render_markdown("Harga pokok produksi roti.", glossary=GLOSSARY)
    assert ">Harga pokok produksi</a></dfn>" in html
    assert 'id="istilah-harga"' not in html


@pytest.mark.parametrize("markdown", [
    "# HPP roti",
    "[HPP](https://contoh.id)",
    "`HPP`",
    "```\nHPP\n```",
    "HPPX dan XHPP",
    "<abbr title='x'>HPP</abbr>",
])
def test_terms_in_headings_links_code_or_inside_words_are_not_marked(markdown):
    assert "<dfn" not in render_markdown(markdown, glossary=GLOSSARY)


def test_a_term_in_a_heading_is_marked_later_in_the_text():
    html = render_markdown("## HPP\n\nHPP adalah biaya.", glossary=GLOSSARY)
    assert "<h2>HPP</h2>" in html
    assert "<p><dfn" in html


def test_glossary_marking_works_on_text_not_on_tags():
    html = render_markdown('Lihat ![HPP roti](gambar/hpp.png) dan <abbr title="HPP">x</abbr>.',
                           image_url=media, glossary=GLOSSARY)
    assert 'alt="HPP roti"' in html and 'src="/media/kursus/gambar/hpp.png"' in html
    assert "<dfn" not in html


def test_escaped_text_stays_escaped_after_marking():
    html = render_markdown("HPP &lt;script&gt;alert(1)&lt;/script&gt; 5 < 6", glossary=GLOSSARY)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(("text_format", "text", "expected"), [
    ("plain", "Roti *sobek*\n<b>x</b>", "<p>Roti *sobek*<br>&lt;b&gt;x&lt;/b&gt;</p>"),
    ("html", "<p>Roti <b>sobek</b><script>x</script></p>", "<p>Roti <b>sobek</b></p>"),
    ("markdown", "Roti *sobek*", "<p>Roti <em>sobek</em></p>"),
    ("moodle", "Roti *sobek*", "<p>Roti <em>sobek</em></p>"),
])
def test_gift_text_formats_render_safely(text_format, text, expected):
    assert render_text(text, text_format) == expected


@pytest.mark.parametrize(("text", "text_format", "glossary"), [
    ("| Barang | Harga |\n|--|--|\n| Roti | Rp12.500 |\n", "markdown", None),
    ("| Barang | HPP |\n|--|--|\n| Roti | Rp12.500 |\n", "markdown",
     [{"term": "HPP", "definition": "Harga pokok produksi."}]),
    ('<table onclick="x()" class="a"><tr><td>Roti</td></tr></table>', "html", None),
])
def test_every_table_scrolls_in_its_own_box_and_stays_sanitised(text, text_format, glossary):
    html = render_text(text, text_format, glossary=glossary)
    assert html.count('<div class="table-scroll" tabindex="0"><table>') == 1
    assert html.count("</table></div>") == 1
    assert "onclick" not in html and 'class="a"' not in html
