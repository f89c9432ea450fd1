from explainers.ledger import fact
from explainers.views import pipeline


def test_steps_carry_the_ledgers_numbers():
    zero, r1 = pipeline._steps()
    assert zero[0] == r1[0] == "DeepSeek-V3-Base"
    assert zero[-1] == "DeepSeek-R1-Zero" and r1[-1] == "DeepSeek-R1"
    assert "no SFT" in zero[1]
    assert fact("r1.reasoning-samples").text() in r1[3] and fact("r1.non-reasoning-samples").text() in r1[3]
    assert "V3-Base again" in r1[4]


def test_alt_reads_both_pipelines_in_order():
    alt = pipeline.alt_r1_pipeline()
    assert alt.index("cold-start SFT") < alt.index("reasoning RL") < alt.index("rejection sampling") \
        < alt.index("SFT of V3-Base again") < alt.index("RL for all scenarios")
