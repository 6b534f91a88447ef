from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from reader.importers import load_article

PAGE = ("<html><head><title>Archived Story</title></head><body><article><h1>Archived Story</h1>"
        + "".join(f"<p>Paragraph {i}: the harbour council met again and the caf\u00e9 owners spoke, "
                  "at some length, about what the cranes would mean.</p>" for i in range(6))
        + "</article></body></html>")


def archive(html: str, charset: str, declared: str) -> bytes:
    message = MIMEMultipart("related")
    message["Snapshot-Content-Location"] = "https://example.org/story"
    message["Subject"] = "Archived Story"
    css = MIMEText("body{background:url(http://example.com/x.png)}", "css")
    css["Content-Location"] = "https://example.org/style.css"
    part = MIMEText(html.encode(charset).decode("latin-1"), "html", "latin-1")
    part.replace_header("Content-Type", f'text/html; charset="{declared}"')
    part["Content-Location"] = "https://example.org/story"
    message.attach(css)
    message.attach(part)
    return message.as_bytes()


def test_mhtml_main_part(write):
    a = load_article(write("s.mhtml", archive(PAGE, "utf-8", "utf-8")))
    assert a.format == "mhtml" and a.title == "Archived Story"
    assert "caf\u00e9 owners" in a.text


def test_mhtml_part_lying_about_its_encoding(write):
    a = load_article(write("s.mht", archive(PAGE, "utf-8", "windows-1252")))
    assert "caf\u00e9 owners" in a.text
