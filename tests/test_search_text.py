"""Search reads a flattened table as Material's own indexing reads the table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from builder.site.html_hook import _CELL_END, _searched

BLOCKS = [
    '<div class="portal-scroll"><table class="portal-table">\n<thead><tr><th>日期</th><th>内容</th></tr></thead>\n'
    '<tbody>\n  <tr><td><a href="../x/">2026-11-20</a></td><td>谈了 <span class="n">3</span> 项  &amp; 更多</td></tr>\n'
    "  <tr>\n<td>A &lt;b&gt; &#34;引号&#34; &#39;单&#39;</td>\n\n"
    "<td>第一行<br>第二行\n第三行</td></tr>\n</tbody></table></div>",
    '<table><tr><td title="a &gt; b">x</td><td></td><td> </td><td>y  z</td></tr></table>',
    '<div class="x"><span>一</span><span>二</span> <a href="#">三</a></div>',
    "<div>有段落 <p>不压平</p></div>",  # kept as it is: Material keeps <p>
]


def _text(content: str) -> list[dict[str, str]]:
    index = SearchIndex(separator=r"[\s\-]+", lang=["zh"], min_search_length=3, prebuild_index=False, pipeline=[])
    page = SimpleNamespace(content=content, toc=[], url="p/", title="页", meta={})
    index.add_entry_from_context(page)
    return index.entries


@pytest.mark.parametrize("block", BLOCKS)
def test_a_flattened_block_indexes_as_the_block_itself(block: str) -> None:
    around = '<h2 id="a">前</h2>\n<p>说明</p>\n{}\n{}\n<h2 id="b">后</h2>\n<p>尾</p>'
    as_is = around.format(_CELL_END.sub(r"\g<0> ", block), _CELL_END.sub(r"\g<0> ", BLOCKS[2]))
    flattened = around.format(_searched(block), _searched(BLOCKS[2]))
    assert _text(flattened) == _text(as_is)
    assert ("<" in _searched(block)) == ("<p>" in block)
