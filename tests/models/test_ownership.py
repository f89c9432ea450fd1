import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import value
from explainers.models import ownership
from explainers.models.ownership import HOURS_PER_YEAR, Cluster

prices = st.sampled_from(ownership.SPEC["price"].grid())
uses = st.sampled_from(ownership.SPEC["utilisation"].grid())


def test_defaults_come_from_the_ledger():
    c = Cluster()
    assert c.gpus == value("v3.cluster-gpus")
    assert c.server_usd_per_gpu == value("dgx-h100.price") / 8
    assert c.pue == value("datacenter.pue-2023")
    assert c.staff_usd_per_year == 0  # no public source: left to the reader


def test_capital_cost_by_hand():
    # 2,048 GPUs × $33,750 of server each, with the network 19% of the total
    assert ownership.capital_cost(2048, 33_750, 0.19) == pytest.approx(2048 * 33_750 / 0.81)
    assert ownership.capital_cost(8, 1000, 0) == 8000


def test_running_cost_by_hand():
    c = Cluster(gpus=8, kw_per_gpu=1.0, pue=1.5, usd_per_kwh=0.1, staff_usd_per_year=1000)
    assert ownership.running_cost_per_year(c, 0.5) == pytest.approx(8 * 1.0 * 1.5 * HOURS_PER_YEAR * 0.5 * 0.1 + 1000)


def test_breakeven_by_hand():
    c = Cluster(gpus=1, server_usd_per_gpu=8760, interconnect_share=0, kw_per_gpu=0, lifetime_years=5)
    r = ownership.rent_or_own(price=1.0, utilisation=1.0, cluster=c)
    assert r.breakeven_years == pytest.approx(1.0)  # capital equals one year of rent
    assert r.owned_usd_per_gpu_hour == pytest.approx(0.2)  # spread over five years


@given(prices, uses)
def test_invariants(price, use):
    r = ownership.rent_or_own(price, use)
    assert r.rent_usd[0] == 0 and r.own_usd[0] == pytest.approx(r.capital_usd)
    assert max(r.rent_usd.max(), r.own_usd.max()) <= r.usd_ceiling + 1e-6
    if r.breakeven_years is not None and r.breakeven_years <= r.years[-1]:
        i = (abs(r.years - r.breakeven_years)).argmin()
        assert r.rent_usd[i] == pytest.approx(r.own_usd[i], rel=0.1)
    # renting pays only for busy hours, owning pays for the cluster: idle GPUs favour renting
    assert ownership.rent_or_own(price, 1.0).owned_usd_per_gpu_hour <= r.owned_usd_per_gpu_hour


@given(prices)
def test_owning_is_cheaper_per_hour_the_busier_the_cluster(price):
    costs = [ownership.rent_or_own(price, u).owned_usd_per_gpu_hour for u in ownership.SPEC["utilisation"].grid()]
    assert costs == sorted(costs, reverse=True)


@pytest.mark.parametrize("call, message", [
    (lambda: ownership.rent_or_own(price=9), "price must be between"),
    (lambda: ownership.rent_or_own(utilisation=0), "utilisation must be between"),
    (lambda: ownership.capital_cost(0, 1, 0.1), "gpus"),
    (lambda: ownership.capital_cost(8, 1, 1.0), r"interconnect_share must be in \[0, 1\)"),
    (lambda: ownership.capital_cost(8, -1, 0.1), "server_usd_per_gpu"),
    (lambda: ownership.running_cost_per_year(Cluster(pue=0), 1.0), "pue"),
    (lambda: ownership.running_cost_per_year(Cluster(usd_per_kwh=float("nan")), 1.0), "usd_per_kwh"),
    (lambda: ownership.running_cost_per_year(Cluster(), 1.5), "utilisation"),
    (lambda: ownership.rent_or_own(cluster=Cluster(lifetime_years=0)), "lifetime_years"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call, error, name", [
    (lambda: Cluster(gpus="2048"), TypeError, "gpus"),  # was accepted, then numpy failed
    (lambda: Cluster(gpus=0), ValueError, "gpus"),
    (lambda: Cluster(interconnect_share=1.0), ValueError, "interconnect_share"),
    (lambda: Cluster(kw_per_gpu=-1), ValueError, "kw_per_gpu"),
    (lambda: Cluster(staff_usd_per_year=float("inf")), ValueError, "staff_usd_per_year"),
    (lambda: ownership.rent_or_own(cluster=None), TypeError, "cluster"),  # was AttributeError
    (lambda: ownership.rent_or_own(cluster={}), TypeError, "cluster"),
    (lambda: ownership.running_cost_per_year(None, 0.5), TypeError, "cluster"),
    (lambda: ownership.rent_or_own(cluster=Cluster(gpus=1e308)), ValueError, "cluster"),  # was NaN and inf
    (lambda: ownership.rent_or_own(cluster=Cluster(server_usd_per_gpu=1e305)), ValueError, "server_usd_per_gpu"),
    (lambda: ownership.capital_cost(1e308, 1e10, 0.5), ValueError, "gpus"),
])
def test_malformed_and_extreme_clusters(call, error, name):
    with pytest.raises(error, match=name):
        call()
