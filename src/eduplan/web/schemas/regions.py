"""The region tree page and its JSON twin (Pydantic, edge only)."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel, Field

from eduplan.services.regions import TreeNode


class RegionNodeOut(BaseModel):
    """One region of the tree: its identity (code, name, parent), level, what is stored for it, its children."""

    key: str = Field(description="在网址和接口中引用该地区所用的值：名称唯一时为名称，否则为区划代码")
    name: str
    code: str | None = Field(description="区划代码（GB/T 2260），不详时为空")
    level: str | None = Field(description="province / prefecture / county")
    level_title: str
    parent: str | None = Field(description="上级地区名称")
    label: str = Field(description="显示名：重名时带上级和代码，如 福州市鼓楼区（350102）")
    plans: int
    figures: int = Field(description="监测值条数")
    schools: int = Field(description="学校记录条数")
    url: str | None = Field(description="该地区看板（有规划时）")
    children: list[RegionNodeOut]

    @classmethod
    def of(cls, node: TreeNode) -> RegionNodeOut:
        r = node.region
        return cls(key=r.key, name=r.name, code=r.code, level=r.level, level_title=r.level_title, parent=r.parent,
                   label=r.label, plans=node.plans, figures=node.figures, schools=node.schools,
                   url=f"/regions/{quote(r.key)}" if node.plans else None,
                   children=[cls.of(c) for c in node.children])


class RegionsPage(BaseModel):
    """The regions the reader may see, as a tree (province → city → county)."""

    tree: list[RegionNodeOut]
    regions: int = Field(description="树中地区个数")
    everything: bool = Field(description="是否也列出没有规划和数据的地区")

    @classmethod
    def of(cls, tree: list[TreeNode], *, everything: bool) -> RegionsPage:
        nodes = [RegionNodeOut.of(t) for t in tree]

        def count(n: RegionNodeOut) -> int:
            return 1 + sum(count(c) for c in n.children)

        return cls(tree=nodes, regions=sum(count(n) for n in nodes), everything=everything)
