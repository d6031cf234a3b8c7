"""The restrictive URL fetcher and the content version."""

from __future__ import annotations

import pytest

from cases.packages import render
from cases.packages.languages import LANGUAGES


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "data:text/plain,hello",
        f"{render.STATIC_DIR.as_uri()}/../../pyproject.toml",
        f"{render.STATIC_DIR.as_uri()}/does-not-exist.css",
    ],
)
def test_fetcher_refuses_everything_outside_static(url: str) -> None:
    with pytest.raises(render.FetchRefused):
        render.url_fetcher().fetch(url)


def test_fetcher_serves_the_apps_static_files() -> None:
    css = next(p for p in render.STATIC_DIR.rglob("*.css"))
    response = render.url_fetcher().fetch(css.as_uri())
    try:
        assert response.read() == css.read_bytes()
        assert response.content_type == "text/css"
    finally:
        response.close()


@pytest.mark.parametrize(
    "src", ["http://198.51.100.1/x.png", "file:///etc/hostname", "../../pyproject.toml"]
)
def test_resources_outside_static_are_not_fetched(src: str, caplog) -> None:  # type: ignore[no-untyped-def]
    html = (
        '<html lang="de"><head><title>t</title>'
        f'<link rel="stylesheet" href="{src}"></head><body>'
        f'<img src="{src}" alt="x"><p>Hallo</p></body></html>'
    )
    assert render.render_pdf_sync(html).startswith(b"%PDF-")
    assert "refused to fetch" in caplog.text


def test_static_stylesheet_is_fetched(caplog) -> None:  # type: ignore[no-untyped-def]
    css = next(p for p in render.STATIC_DIR.rglob("*.css"))
    rel = css.relative_to(render.STATIC_DIR).as_posix()
    html = (
        f'<html lang="de"><head><title>t</title><link rel="stylesheet" href="{rel}">'
        "</head><body><p>Hallo</p></body></html>"
    )
    assert render.render_pdf_sync(html).startswith(b"%PDF-")
    assert "refused" not in caplog.text


def test_content_version_depends_on_language_texts() -> None:
    uk, ar = render.content_version(LANGUAGES["uk"]), render.content_version(LANGUAGES["ar"])
    assert len(uk) == 64 and uk != ar
    assert render.content_version(LANGUAGES["uk"]) == uk


def test_fetcher_serves_a_png_or_jpeg_logo_given_as_data_url() -> None:
    from cases.packages.pdf import image_data_url
    from tests.packages.samples import logo_png

    url = image_data_url(logo_png(), "image/png")
    response = render.url_fetcher().fetch(url)
    assert response.read() == logo_png() and response.content_type == "image/png"
    # not an image of the named kind: no data URL, and the fetcher refuses a forged one
    assert image_data_url(b"<svg/>", "image/svg+xml") == ""
    assert image_data_url(logo_png(), "image/jpeg") == ""
    for forged in ("data:image/png;base64,PHN2Zy8+", "data:image/png;base64,%%%"):
        with pytest.raises(render.FetchRefused):
            render.url_fetcher().fetch(forged)
