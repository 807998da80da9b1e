"""The customers of one manager: data/customers/<owner>.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.schema.base import Amount, Clock, Day, Declared, Ident, Model, Ref, Text


class KeyPerson(Model):
    name: Text = Field(description="姓名")
    position: Text = Field("", description="职务")
    role: Ref | None = Field(None, description="角色，见 team.yaml 的 key_person_roles，如 decision_maker")
    phone: Text = Field("", description="电话（敏感）")
    birthday: Day | None = Field(None, description="生日 YYYY-MM-DD")


class Anniversary(Model):
    label: Text = Field(description="纪念日名称，如 开业纪念日")
    date: Day = Field(description="首次的日期 YYYY-MM-DD，每年提醒")


class Expiry(Model):
    item: Text = Field(description="到期的合同、产品或证照")
    date: Day = Field(description="到期日 YYYY-MM-DD")
    amount: Amount | None = Field(None, description="金额（单位见 team.yaml 的 words.money）")


class Route(Model):
    id: Ident = Field(description="线路编号，如 east1")
    label: Text = Field(description="线路名称，如 城东一线")
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        min_length=1, description="走这条线路的星期：mon tue wed thu fri sat sun"
    )
    time: Clock | None = Field(
        None, description='走这条线路的开始时间 HH:MM，如晚间催缴写 "18:30"；不写按上午 9 点起排'
    )


class Customer(Declared):
    id: Ident = Field(description="客户编号，如 c017；许可证号等纯数字编号请加引号")
    name: Text = Field(description="客户名称")
    class_: Ref = Field(alias="class", description="客户分类，见 team.yaml 的 classes")
    type: Ref | None = Field(None, description="客户类型，见 team.yaml 的 customer_types")
    key: bool = Field(False, description="是否重点客户")
    route: Ref | None = Field(None, description="所在线路的编号，见本文件的 routes")
    territory: Text = Field("", description="片区")
    organisation: Text = Field("", description="单位")
    address: Text = Field("", description="地址")
    phone: Text = Field("", description="电话（敏感）")
    id_number: Text = Field("", description="证件号码（敏感）")
    birthday: Day | None = Field(None, description="生日 YYYY-MM-DD")
    since: Day | None = Field(None, description="成为客户的日期")
    key_persons: list[KeyPerson] = Field(default_factory=list, description="关键人物")
    anniversaries: list[Anniversary] = Field(default_factory=list, description="纪念日")
    expiries: list[Expiry] = Field(default_factory=list, description="合同、产品到期")
    notes: Text = Field("", description="备注")


class CustomerFile(Model):
    owner: Ref = Field(description="负责这些客户的经理编号")
    routes: list[Route] = Field(default_factory=list, description="拜访线路及其星期")
    customers: list[Customer] = Field(description="客户列表")
