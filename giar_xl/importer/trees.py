"""The element trees the Word and HTML importers walk: lxml, or the standard library.

lxml is compiled code.  Where it cannot be had — the browser page runs
giar-xl in Pyodide, and no WebAssembly build of lxml can be installed from
the page's folder — Word XML is parsed with :mod:`xml.etree.ElementTree`
and HTML with html5lib (pure Python, the WHATWG parsing algorithm browsers
use) into the same kind of tree.  The importers only use what both trees
offer (iterating children, ``find``/``findall``/``iter`` with one tag,
``get``, ``text``/``tail``) and the helpers here for the rest, so a report
reads into the same lines either way; ``tests/test_import_trees.py`` checks
that on every report fixture.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from ..errors import InputError

LXML = "lxml"
STDLIB = "stdlib"
MAX_HTML_DEPTH = 2048  # libxml2's limit for element nesting (with XML_PARSE_HUGE)

_backend = LXML if importlib.util.find_spec("lxml") is not None else STDLIB


def backend() -> str:
    """``"lxml"`` or ``"stdlib"``: which parser the importers use in this process."""
    return _backend


@contextlib.contextmanager
def using(name: str) -> Iterator[None]:
    """Parse with ``name`` for the duration (the tests compare both)."""
    global _backend
    if name not in (LXML, STDLIB):
        raise ValueError(name)
    before, _backend = _backend, name
    try:
        yield
    finally:
        _backend = before


def xml_errors() -> tuple[type[Exception], ...]:
    """The exceptions :func:`parse_xml` raises for malformed XML."""
    if _backend == LXML:
        from lxml import etree

        return (etree.XMLSyntaxError,)
    from xml.etree.ElementTree import ParseError

    return (ParseError,)


def parse_xml(data: bytes) -> Any:
    """The root element of an XML document; no entity expansion from outside, no network."""
    if _backend == LXML:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.fromstring(data, parser)
    from xml.etree import ElementTree

    # expat never fetches external entities; Python's expat limits entity amplification.
    return ElementTree.fromstring(data)


def parse_html(text: str) -> Any | None:
    """The ``html`` element of a page (tags in lower case), or None if nothing can be parsed."""
    if _backend == LXML:
        import lxml.html
        from lxml import etree

        parser = lxml.html.HTMLParser(huge_tree=True)
        try:
            root = lxml.html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError):
            return None
        if any("Excessive depth" in e.message for e in parser.error_log):
            raise InputError(f"网页的标签嵌套超过 {MAX_HTML_DEPTH} 层，无法读取（正常的网页不会这样）。"
                             "请在浏览器中打开后另存为文本或 Word 文件再导入。")
        return root
    import html5lib

    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def iter_tags(element: Any, *tags: str) -> Iterator[Any]:
    """``element`` and its descendants whose tag is one of ``tags``, in document order."""
    if _backend == LXML:
        return element.iter(*tags)
    wanted = frozenset(tags)
    return (node for node in element.iter() if node.tag in wanted)


def text_content(element: Any) -> str:
    """All text inside ``element`` (not comments), as lxml.html's ``text_content()``."""
    return "".join(element.itertext())


def contains(element: Any, tag: str) -> bool:
    """Whether an element below ``element`` (not itself) has the tag ``tag``."""
    return any(node is not element for node in element.iter(tag))
