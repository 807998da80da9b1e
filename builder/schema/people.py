"""The people of the team: data/people.yaml."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from builder.schema.base import Day, Ident, Model, Ref, Text


class Role(StrEnum):
    MANAGER = "manager"
    KEY_ACCOUNT_MANAGER = "key_account_manager"
    SUPERVISOR = "supervisor"


class Rota(Model):
    work: list[Day] = Field(
        default_factory=list, description="休息日中本人要上班的日子（值班、轮班），如 [2026-11-21]；这天要写日志"
    )
    off: list[Day] = Field(
        default_factory=list, description="工作日中本人休息的日子（调休、补休、年假），如 [2026-11-23]；这天不用写日志"
    )


class Person(Model):
    id: Ident = Field(description="经理编号，建议用姓名拼音，如 zhangwei")
    name: Text = Field(description="姓名")
    role: Role = Field(
        Role.MANAGER, description="manager 客户经理，key_account_manager 大客户经理，supervisor 主管（称呼见 words）"
    )
    supervisor: Ref | None = Field(None, description="主管的编号")
    territory: Text = Field("", description="片区")
    email: Text = Field("", description="邮箱")
    phone: Text = Field("", description="电话")
    start: Day | None = Field(None, description="入职或开始使用门户的日期；此前不统计缺日志等规则")
    leave: Day | None = Field(None, description="离开团队的日期；此后不再统计")
    rota: Rota = Field(
        default_factory=Rota,
        description="本人的排班：休息日值班（work）和工作日调休（off）；缺日志、休息日拜访和新计划都按它算",
    )
