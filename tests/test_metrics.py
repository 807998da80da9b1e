"""Each metric kind's definition, against numbers computed by hand in the comments."""

from __future__ import annotations

import itertools
from datetime import date

from builder.derive import metrics
from builder.schema import Metric

D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)

amount = Metric(id="sales", label="销售额", unit="万元")
count = Metric(id="cards", label="信用卡", unit="张", kind="count")
rate = Metric(id="e_pay", label="电子结算率", unit="%", kind="rate")
price = Metric(id="price", label="条均价", unit="元/条", kind="rate", of=["value", "orders"])
share_of = Metric(id="share", label="订货率", unit="%", kind="rate", of=["ordered", "visited"])
level = Metric(id="balance", label="存款余额", unit="万元", kind="level")
returns = Metric(id="returns", label="退换货", unit="条", kind="count", better="lower")


def test_amounts_and_counts_add_up_over_the_days():
    figures = {"sales": [(D1, 10.0), (D2, 5.5)], "cards": [(D1, 2.0), (D3, 1.0)]}
    assert metrics.value(amount, figures) == 15.5
    assert metrics.value(count, figures) == 3
    assert metrics.value(amount, {}) == 0  # nothing written: nothing done


def test_a_rate_written_down_is_averaged_never_summed():
    figures = {"e_pay": [(D1, 96.0), (D2, 98.0), (D3, 100.0)]}
    assert metrics.value(rate, figures) == 98.0  # not 294
    assert metrics.value(rate, {}) is None  # no rate without a figure


def test_a_rate_of_two_metrics_is_the_ratio_of_their_sums():
    figures = {"value": [(D1, 3000.0), (D2, 1500.0)], "orders": [(D1, 20.0), (D2, 10.0)]}
    assert metrics.value(price, figures) == 150.0  # 4500 / 30, not the mean of 150 and 150 by chance
    skewed = {"ordered": [(D1, 1.0), (D2, 9.0)], "visited": [(D1, 1.0), (D2, 18.0)]}
    assert metrics.value(share_of, skewed) == 52.63  # 10 / 19 * 100; the mean of 100% and 50% would be 75%
    assert metrics.value(price, {"value": [(D1, 5.0)]}) is None  # no denominator


def test_a_level_is_its_latest_value():
    figures = {"balance": [(D3, 5200.0), (D1, 5000.0), (D2, 5100.0)]}
    assert metrics.value(level, figures) == 5200.0  # the latest day, not the sum or the largest first


def test_the_team_value_follows_the_kind():
    assert metrics.team_value(amount, [10.0, 5.0], []) == 15.0
    assert metrics.team_value(level, [5000.0, 3000.0, None], []) == 8000.0  # a team holds both balances
    assert metrics.team_value(rate, [96.0, 100.0, None], []) == 98.0  # people with a rate, averaged
    assert metrics.team_value(share_of, [100.0, 50.0], [(1, 1), (9, 18)]) == 52.63  # ratio of the team's sums
    assert metrics.team_target(rate, [95.0, 97.0]) == 96.0
    assert metrics.team_target(count, [3, 4]) == 7


def test_a_counts_shares_of_the_month_are_whole_and_add_up():
    # 10 cards over 21 working days, split into weeks of 5, 5, 5, 5 and 1 working days
    cuts = [0, 5, 10, 15, 20, 21]
    shares = [metrics.share(count, 10, a, b, 21) for a, b in itertools.pairwise(cuts)]
    assert shares == [2, 3, 2, 3, 0]  # round(10*5/21)=2, round(10*10/21)-2=3, …
    assert all(s == int(s) for s in shares) and sum(shares) == 10
    assert metrics.share(amount, 100, 0, 5, 21) == 23.81  # an amount is shared exactly
    assert metrics.share(rate, 95, 0, 5, 21) == 95  # a rate is never shared out
    assert metrics.share(level, 5000, 0, 5, 21) == 5000


def test_progress_of_amounts_is_judged_against_the_time_elapsed():
    on_pace = metrics.progress(amount, 24.0, 100.0, 25.0)  # 24% done at 25% of the month
    assert (on_pace.percent, on_pace.attainment, on_pace.behind) == (24.0, 96.0, False)
    slow = metrics.progress(amount, 20.0, 100.0, 25.0)  # 80% of the pace: below the 90% tolerance
    assert (slow.attainment, slow.behind) == (80.0, True)


def test_rates_and_levels_are_never_prorated():
    early = metrics.progress(rate, 97.0, 95.0, 10.0)  # 10% of the month gone changes nothing
    assert (early.percent, early.attainment, early.behind) == (102.1, 102.1, False)
    short = metrics.progress(rate, 94.0, 95.0, 90.0)
    assert short.behind  # below the target rate, whatever the date
    assert metrics.progress(level, 5200.0, 5000.0, 10.0).behind is False


def test_lower_is_better_means_a_ceiling():
    fine = metrics.progress(returns, 2.0, 4.0, 50.0)
    assert (fine.attainment, fine.behind) == (150.0, False)  # 4/2 = 200%, capped
    over = metrics.progress(returns, 5.0, 4.0, 50.0)
    assert (over.attainment, over.behind) == (80.0, True)
    assert metrics.progress(returns, 0.0, 4.0, 50.0).attainment == 150.0
    assert metrics.progress(amount, 5.0, None, 50.0).attainment is None  # no target, no judgement


def test_a_rate_changes_by_percentage_points_not_by_percent():
    """90.2 → 94.5 is +4.3 points (issue 25: it was shown as +5%); an amount's change stays relative."""
    from builder.derive.periods import change
    from builder.site.render import _change

    assert change(94.5, 90.2, points=True) == 4.3 and _change(4.3, points=True) == "+4.3 个百分点"
    assert change(94.5, 90.2) == 4.8 and _change(4.8) == "+5%"
    assert change(80.0, 0.0, points=True) == 80.0  # a rate from nothing still compares
    assert change(80.0, None, points=True) is None
